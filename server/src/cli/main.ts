// `privacy-lint`: the CI adapter over the engine. It finds files and their configs, reads and decodes
// them, lints (or fixes) them, prints a report, and maps the outcome to ESLint's exit codes:
// 0 clean, 1 lint errors or too many warnings, 2 usage/config/I-O trouble (one line on stderr each).

import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  ConfigError,
  Linter,
  builtinCatalogue,
  decodeBytes,
  formatForPath,
  type ConfigInput,
  type LintResult,
} from '../engine/index.js';
import { loadConfigFile, type LoadedConfig } from '../node/config-files.js';
import { HELP, UsageError, parseArgs, type CliOptions } from './args.js';
import { unifiedDiff } from './diff.js';
import { discover, toPosix } from './discover.js';
import { FileLinter, type FileOutcome, type Job } from './lint-files.js';
import { github } from './formatters/github.js';
import { html } from './formatters/html.js';
import { sarif } from './formatters/sarif.js';
import { stylish } from './formatters/stylish.js';
import { buildReport, toJson, type FileReport } from './report.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard input's bytes, or null when there are more than `limit` (the rest is not read). */
  readStdin: (limit: number) => Promise<Uint8Array | null>;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: async (limit) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of process.stdin) {
        chunks.push(c as Buffer);
        size += (c as Buffer).length;
        if (size > limit) return null;
      }
      return Buffer.concat(chunks);
    },
    isTTY: !!process.stdout.isTTY,
    env: process.env,
  };
}

export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`privacy-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    io.stdout(HELP);
    return 0;
  }
  if (opts.version) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  try {
    return await run(opts, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`privacy-lint: invalid config: ${e.message}\n`);
      return 2;
    }
    io.stderr(`privacy-lint: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

async function run(opts: CliOptions, io: Io): Promise<number> {
  const cliLayer: ConfigInput = { rules: opts.rules };
  if (opts.jurisdictions) cliLayer.jurisdictions = opts.jurisdictions;
  const ruleIds = builtinCatalogue().rules.map((r) => r.id);
  for (const id of Object.keys(opts.rules)) {
    if (!ruleIds.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"`);
  }
  const explicit: LoadedConfig | null = opts.config ? loadExplicit(resolve(io.cwd, opts.config)) : null;
  const today = opts.today ?? new Date();
  const job: Job = {
    cwd: io.cwd,
    cliLayer,
    explicitConfig: explicit?.file ?? null,
    noConfigLookup: opts.noConfigLookup,
    today: today.toISOString(),
    mode: opts.fix ? 'fix' : opts.fixDryRun ? 'dry-run' : 'lint',
    quiet: opts.quiet,
    coverage: opts.format === 'html',
  };

  if (opts.printConfig) {
    const { config, source } = new FileLinter(job).configFor(resolve(io.cwd, opts.printConfig));
    io.stdout(JSON.stringify({ configFile: source ? toPosix(relative(io.cwd, source.file)) : null, ...config }, null, 2) + '\n');
    return 0;
  }

  const reports: FileReport[] = [];
  const problems: string[] = [];
  const diffs: string[] = [];

  if (opts.stdin) {
    const linter = new Linter();
    const name = opts.stdinFilename ?? '<stdin>.md';
    const path = resolve(io.cwd, name);
    const { config } = new FileLinter(job).configFor(path);
    // The same checks as for a file: size limit, binary, invalid UTF-8, BOM and UTF-16.
    const bytes = await io.readStdin(config.maxFileSize);
    const decoded = bytes ? decodeBytes(bytes, config.maxFileSize) : null;
    if (!decoded?.ok) {
      io.stderr(`privacy-lint: ${toPosix(name)}: ${decoded ? decoded.error.message : `standard input is above the maxFileSize limit (${config.maxFileSize} bytes)`}\n`);
      return 2;
    }
    const text = decoded.value.text;
    if (text.trim() === '') {
      io.stderr(`privacy-lint: ${toPosix(name)}: standard input is empty (no policy text to lint)\n`);
      return 2;
    }
    const input = { uri: path, text, format: formatForPath(name) };
    let result: LintResult;
    if (opts.fixDryRun) {
      const fixed = linter.fix(input, { config, today });
      diffs.push(unifiedDiff(toPosix(name), text, fixed.text));
      result = fixed.result;
    } else result = linter.lint(input, { config, today });
    reports.push(buildReport(path, toPosix(name), result, opts.quiet, { coverage: job.coverage }));
  } else {
    if (!opts.patterns.length) throw new UsageError('no files given (try: privacy-lint . or privacy-lint "policies/**/*.md")');
    const found = discover(opts.patterns, io.cwd, opts.ignorePatterns);
    problems.push(...found.errors);
    const threads = opts.threads ?? (found.files.length >= AUTO_THREADS_FROM ? Math.min(availableParallelism(), 8) : 1);
    const outcomes = threads > 1 && found.files.length > 1 ? await lintInWorkers(found.files, job, threads) : lintHere(found.files, job);
    for (const o of outcomes) {
      if (o.problem) problems.push(o.problem);
      if (o.diff) diffs.push(o.diff);
      if (o.report) reports.push(o.report);
    }
  }

  let output: string;
  switch (opts.format) {
    case 'json':
      output = toJson(reports) + '\n';
      break;
    case 'sarif':
      output = sarif(reports, builtinCatalogue().rules, version()) + '\n';
      break;
    case 'github':
      output = github(reports);
      break;
    case 'html':
      output = html(reports, { version: version(), today });
      break;
    default:
      output = stylish(reports, opts.color ?? (io.isTTY && !io.env.NO_COLOR));
  }
  if (diffs.length) io.stdout(diffs.join(''));
  if (opts.outputFile) writeFileSync(resolve(io.cwd, opts.outputFile), output);
  else io.stdout(output);

  for (const p of problems) io.stderr(`privacy-lint: ${p}\n`);
  if (problems.length) return 2;
  const errors = reports.reduce((n, r) => n + r.errorCount, 0);
  const warnings = reports.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (opts.maxWarnings >= 0 && warnings > opts.maxWarnings) {
    io.stderr(`privacy-lint: ${warnings} warnings exceed --max-warnings ${opts.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

function loadExplicit(path: string): LoadedConfig {
  try {
    return loadConfigFile(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new UsageError(`cannot read config "${path}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Many files are worth the ~50 ms it costs to start each worker thread. */
const AUTO_THREADS_FROM = 200;

function lintHere(files: string[], job: Job): FileOutcome[] {
  const linter = new FileLinter(job);
  return files.map((f) => {
    try {
      return linter.lintFile(f);
    } catch (e) {
      // A bad config stops the run (one "invalid config" line); anything else is this file's problem,
      // as in the worker threads, so one file the engine fails on does not lose the others' reports.
      if (e instanceof ConfigError) throw e;
      return { file: f, problem: `${toPosix(relative(job.cwd, f)) || f}: ${e instanceof Error ? e.message : String(e)}` };
    }
  });
}

/** Splits the files into batches handed to `threads` workers as they free up; output keeps file order. */
async function lintInWorkers(files: string[], job: Job, threads: number): Promise<FileOutcome[]> {
  const results = new Array<FileOutcome[]>();
  const batch = Math.max(1, Math.min(64, Math.ceil(files.length / (threads * 8))));
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += batch) batches.push(files.slice(i, i + batch));
  let next = 0;
  const workerUrl = new URL('./worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: Math.min(threads, batches.length) }, async () => {
      const worker = new Worker(workerUrl, { workerData: job });
      try {
        while (next < batches.length) {
          const index = next++;
          results[index] = await new Promise<FileOutcome[]>((resolveBatch, reject) => {
            const done = (out: FileOutcome[]) => {
              worker.off('error', fail);
              resolveBatch(out);
            };
            const fail = (e: Error) => {
              worker.off('message', done);
              reject(e);
            };
            worker.once('message', done);
            worker.once('error', fail);
            worker.postMessage(batches[index]);
          });
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results.flat();
}
