// Shared by the hardening tests: run the real CLI on files in a temporary folder, measure it, and check
// the rules every bad input must keep (exit 2 with one line per problem, never a stack trace, never a
// changed byte in a file that was not legitimately fixed).
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOOD } from '../helpers/policies.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = `${REPO}bin/privacy-lint.js`;
/** Preload that writes the process's peak RSS and CPU time to $PRIVACY_LINT_MEASURE when it exits. */
export const MEASURE = fileURLToPath(new URL('./preload/measure.js', import.meta.url));
/** Preload that makes the engine throw on documents whose URI contains $PRIVACY_LINT_CRASH_ON. */
export const CRASH_ENGINE = fileURLToPath(new URL('./preload/crash-engine.js', import.meta.url));
/** Preload that records and refuses every network call (see preload/no-network.ts). */
export const NO_NETWORK = fileURLToPath(new URL('./preload/no-network.js', import.meta.url));

export { GOOD };

/** GOOD without its children section: children-age reports it (COPPA), and --fix inserts a clause. */
export const MISSING_CHILDREN = GOOD.replace(/## Children\n\n[^\n]*\n\n/, '');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  input?: string | Uint8Array;
  env?: Record<string, string>;
  /** Node flags before the script (e.g. --import a preload). */
  node?: string[];
  /** A command to run node under, e.g. ['unshare', '-n']. */
  wrap?: string[];
  timeoutMs?: number;
}

/** Runs bin/privacy-lint.js with a pinned date, no colour. */
export function cli(args: string[], cwd: string, o: RunOptions = {}): Run {
  const argv = [...(o.node ?? []), BIN, '--today', '2026-11-23', ...args];
  const [cmd, ...pre] = o.wrap?.length ? [...o.wrap, process.execPath] : [process.execPath];
  const opts: SpawnSyncOptions = { cwd, encoding: 'utf8', input: o.input, env: { ...process.env, NO_COLOR: '1', ...o.env }, timeout: o.timeoutMs ?? 120_000, maxBuffer: 256 * 1024 * 1024 };
  const t = performance.now();
  const r = spawnSync(cmd!, [...pre, ...argv], opts);
  return { code: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), ms: performance.now() - t };
}

export interface Measured extends Run {
  /** Peak resident set size of the CLI process, MB. */
  rssMb: number;
  cpuMs: number;
}

/** Runs the CLI with the measuring preload. */
export function measuredCli(args: string[], cwd: string, o: RunOptions = {}): Measured {
  const out = join(mkdtempSync(join(tmpdir(), 'privacy-lint-measure-')), 'm.json');
  const r = cli(args, cwd, { ...o, node: ['--import', MEASURE, ...(o.node ?? [])], env: { ...o.env, PRIVACY_LINT_MEASURE: out } });
  let m = { maxRssKb: NaN, cpuMs: NaN };
  try {
    m = JSON.parse(readFileSync(out, 'utf8')) as typeof m;
  } catch {
    // killed before exit: no figures
  }
  rmSync(join(out, '..'), { recursive: true, force: true });
  return { ...r, rssMb: m.maxRssKb / 1024, cpuMs: m.cpuMs };
}

/** Exit 2, each stderr line one "privacy-lint: …" sentence, no stack trace. */
export function assertCleanFailure(r: Run, pattern: RegExp, what = ''): void {
  assert.equal(r.code, 2, `${what} exit code (stderr: ${r.stderr})`);
  assertNoStack(r, what);
  assert.match(r.stderr, pattern, what);
}

export function assertNoStack(r: Run, what = ''): void {
  assert.equal(r.signal, null, `${what} was not killed`);
  assert.ok(!/\n\s+at \S|^\s+at \S/m.test(r.stderr), `${what} no stack trace in: ${r.stderr}`);
  for (const line of r.stderr.split('\n').filter(Boolean)) assert.match(line, /^privacy-lint: /, `${what} every stderr line is one privacy-lint sentence`);
}

const dirs: string[] = [];
/** A temporary project with these files (strings or bytes). Removed by cleanup(). */
export function project(files: Record<string, string | Uint8Array> = {}, prefix = 'privacy-lint-hardening-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) {
    try {
      chmodRecursive(d);
      rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
}

function chmodRecursive(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) chmodRecursive(join(dir, e.name));
  } catch {
    // best effort
  }
}

/** Every entry under `dir` with its bytes (files), target (symlinks) or kind: to prove nothing changed. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(r, `link:${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(r, `dir:${(st.mode & 0o7777).toString(8)}`);
        try {
          walk(p, r);
        } catch {
          out.set(r, 'dir:unreadable');
        }
      } else if (st.isFile()) {
        let bytes: string;
        try {
          bytes = readFileSync(p).toString('base64');
        } catch {
          bytes = 'unreadable';
        }
        out.set(r, `file:${(st.mode & 0o7777).toString(8)}:${bytes}`);
      } else out.set(r, `other:${st.mode.toString(8)}`);
    }
  };
  walk(dir, '');
  return out;
}

export function assertUnchanged(before: Map<string, string>, dir: string, what = ''): void {
  const after = snapshot(dir);
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), `${what}: no file added or removed`);
  for (const [k, v] of before) assert.ok(after.get(k) === v, `${what}: ${k} is byte-identical`);
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The JSON report of a run (format json), or a helpful failure. */
export function jsonReport(r: Run): Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }> }> {
  try {
    return JSON.parse(r.stdout);
  } catch {
    assert.fail(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 300)} ${r.stderr}`);
  }
}
