// Keystroke benchmark for the language server (issue 3): on a ~100 KB policy, how long from a one-character
// edit in the middle to fresh diagnostics, as a ratio to a cold full lint of the same text (target ≤ 0.2).
// Measured twice: in-process with the engine (one warm Linter, as the server keeps per document), and over
// the real server on stdio (didChange → publishDiagnostics, debounce 0). Medians over --runs (default 25).
//
//   node scripts/bench-lsp.mjs [--runs 25] [--source corpus|own] [--size 102400] [--breakdown] [--in-process]
//
// Scenarios: the public corpus in ../shared/corpus/public concatenated to ~100 KB (read at run time, never
// copied into the repo), edited in the middle and in a section with headings; and this project's own fixture
// policies repeated to ~100 KB. `--source` keeps one of them. Needs a build first (npm run build).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Math.max(20, Number(arg('runs', 25)));
const SIZE = Number(arg('size', 100 * 1024));
const BREAKDOWN = process.argv.includes('--breakdown');
/** Only the in-process figures (npm run bench prints these after its own table). */
const IN_PROCESS = process.argv.includes('--in-process');
const engineUrl = new URL('../out/server/src/engine/index.js', import.meta.url);
const serverPath = join(root, 'out/server/src/lsp/server.js');
if (!existsSync(fileURLToPath(engineUrl)) || !existsSync(serverPath)) {
  console.error('bench-lsp: build first (npm run build)');
  process.exit(2);
}
const { Linter, DocumentBuilder, Detector, builtinCatalogue, DEFAULT_CONFIG } = await import(engineUrl.href);

// ---- the ~100 KB policy -------------------------------------------------------------------------
function corpusTexts() {
  const dir = join(root, '../shared/corpus/public');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => /^p\d+.*\.md$/.test(f)).sort();
  return files.length ? files.map((f) => readFileSync(join(dir, f), 'utf8')) : null;
}

/** This project's own fixture policies, varied (company names, numbering) so repeats are not identical. */
function ownTexts() {
  const dir = join(root, 'test/fixtures/lsp');
  const base = readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => readFileSync(join(dir, f), 'utf8').replace(/^---[\s\S]*?\n---\n/, ''));
  const names = ['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm', 'Fir', 'Ginkgo', 'Hazel', 'Ivy', 'Juniper'];
  const out = [];
  for (let i = 0; out.join('\n\n').length < SIZE * 1.2; i++) {
    const t = base[i % base.length];
    out.push(t.replace(/Quillmoss|Tidewater|Pebblecast|Brindle/g, `${names[i % names.length]}${i}`).replace(/^## (.+)$/gm, `## ${i + 1}. $1`));
  }
  return out;
}

/** Repeats texts up to SIZE characters, cut at the heading nearest to SIZE so the document ends cleanly. */
function assemble(texts) {
  let policy = '';
  for (let i = 0; policy.length < SIZE; i++) policy += (policy ? '\n\n' : '') + texts[i % texts.length];
  const after = policy.indexOf('\n#', SIZE);
  const before = policy.lastIndexOf('\n#', SIZE);
  const cut = [after, before].filter((c) => c > SIZE / 2).sort((x, y) => Math.abs(x - SIZE) - Math.abs(y - SIZE))[0];
  return policy.slice(0, cut === undefined ? SIZE : cut + 1);
}

/** An offset in the middle of a line of prose (not a heading or a table row), at or after `from`. */
function proseOffset(text, from) {
  let pos = text.indexOf('\n', Math.floor(from)) + 1;
  for (;;) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end);
    if (/[A-Za-z]{3,}(?:\s+[A-Za-z,.;()'’]+){6,}/.test(line) && !/^\s*[#|]/.test(line)) return pos + Math.floor(line.length / 2);
    pos = end + 1;
  }
}

const corpus = corpusTexts();
const scenarios = [];
const only = arg('source', null);
if (corpus && only !== 'own') {
  const policy = assemble(corpus);
  scenarios.push({
    name: 'corpus, edit in the middle',
    note: 'the public corpus in file order, read at run time; the middle falls in p01, a 90 KB numbered list with no ATX heading',
    policy,
    at: proseOffset(policy, policy.length / 2),
  });
  scenarios.push({
    name: 'corpus, edit in a headed section',
    note: 'same text; the edit is at 95 %, inside p02, whose ATX headings cut it into small chunks',
    policy,
    at: proseOffset(policy, policy.length * 0.95),
  });
}
if (only !== 'corpus' || !corpus) {
  const policy = assemble(ownTexts());
  scenarios.push({ name: 'own policies, edit in the middle', note: "this project's fixture policies, repeated with varied names and numbering", policy, at: proseOffset(policy, policy.length / 2) });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const uri = 'file:///bench/privacy-policy.md';
const input = (text) => ({ uri, text, format: 'markdown' });

// ---- in-process ---------------------------------------------------------------------------------
function inProcess(policy, withChar) {
  // Warm the JIT and the lazily loaded parts of the engine on throwaway Linters first.
  for (let i = 0; i < 3; i++) new Linter().lint(input(policy));
  const warm = new Linter();
  warm.lint(input(policy));
  const cold = [];
  const keystroke = [];
  // Interleaved, so a change in machine load hits both figures alike. No forced GC between runs: a full
  // collection shrinks the heap and makes the next cold lint pay to grow it again (3x slower here).
  for (let i = 0; i < RUNS; i++) {
    const fresh = new Linter();
    let t0 = performance.now();
    fresh.lint(input(i % 2 ? withChar : policy));
    cold.push(performance.now() - t0);
    // Type a character, then delete it: every run is a one-character edit of the previous text.
    t0 = performance.now();
    warm.lint(input(i % 2 ? policy : withChar));
    keystroke.push(performance.now() - t0);
  }
  return { cold: median(cold), keystroke: median(keystroke) };
}

/** Where a keystroke's time goes: document build (parse), detection, and the rest (rules, disclosures). */
function breakdown(policy, withChar) {
  const builder = new DocumentBuilder();
  const detector = new Detector(builtinCatalogue());
  const linter = new Linter();
  detector.detect(builder.build(uri, policy, 'markdown'));
  linter.lint(input(policy));
  const b = [];
  const d = [];
  const all = [];
  for (let i = 0; i < RUNS; i++) {
    const text = i % 2 ? policy : withChar;
    let t0 = performance.now();
    const doc = builder.build(uri, text, 'markdown');
    b.push(performance.now() - t0);
    t0 = performance.now();
    detector.detect(doc);
    d.push(performance.now() - t0);
    t0 = performance.now();
    linter.lint(input(text));
    all.push(performance.now() - t0);
  }
  return { build: median(b), detect: median(d), lint: median(all), rulesEtc: median(all) - median(b) - median(d) };
}

// ---- over the real server (stdio) ---------------------------------------------------------------
function startServer() {
  const proc = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = Buffer.alloc(0);
  const pending = new Map();
  const listeners = [];
  let id = 0;
  proc.stdout.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const sep = buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, sep).toString())[1]);
      if (buf.length < sep + 4 + len) return;
      const msg = JSON.parse(buf.subarray(sep + 4, sep + 4 + len).toString('utf8'));
      buf = buf.subarray(sep + 4 + len);
      if (msg.id !== undefined && msg.method) {
        // A request from the server: settings get debounce 0; everything else null.
        const result = msg.method === 'workspace/configuration' ? msg.params.items.map(() => ({ debounceMs: 0 })) : null;
        send({ jsonrpc: '2.0', id: msg.id, result });
      } else if (msg.id !== undefined) {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      } else for (const l of [...listeners]) l(msg);
    }
  });
  const send = (m) => {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    proc.stdin.write(body);
  };
  return {
    proc,
    request: (method, params) => new Promise((resolve) => {
      const i = ++id;
      pending.set(i, resolve);
      send({ jsonrpc: '2.0', id: i, method, params });
    }),
    notify: (method, params) => send({ jsonrpc: '2.0', method, params }),
    /** Resolves with the time publishDiagnostics for (uri, version) arrived. */
    published: (u, version) => new Promise((resolve) => {
      const l = (msg) => {
        if (msg.method === 'textDocument/publishDiagnostics' && msg.params.uri === u && msg.params.version === version) {
          listeners.splice(listeners.indexOf(l), 1);
          resolve({ at: performance.now(), count: msg.params.diagnostics.length });
        }
      };
      listeners.push(l);
    }),
  };
}

async function overServer(policy, withChar, MID) {
  const s = startServer();
  await s.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  s.notify('initialized', {});
  const positionAt = (text, offset) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  // Keystrokes go to one open document (one character typed or deleted in the middle per run); cold runs
  // open a document the server has never seen (a fresh Linter). Interleaved, like the in-process runs.
  let done = s.published(uri, 1);
  s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: policy } });
  const { count } = await done;
  const pos = positionAt(policy, MID);
  const cold = [];
  const keystroke = [];
  for (let v = 2; v < RUNS + 4; v++) {
    const u = `file:///bench/cold-${v}.md`;
    done = s.published(u, 1);
    let t0 = performance.now();
    s.notify('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text: v % 2 ? withChar : policy } });
    let { at } = await done;
    if (v >= 4) cold.push(at - t0);
    s.notify('textDocument/didClose', { textDocument: { uri: u } });

    const typing = v % 2 === 0;
    const change = typing
      ? { range: { start: pos, end: pos }, text: 'x' }
      : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
    done = s.published(uri, v);
    t0 = performance.now();
    s.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    ({ at } = await done);
    if (v >= 4) keystroke.push(at - t0);
  }
  await s.request('shutdown', null);
  s.notify('exit', null);
  return { cold: median(cold), keystroke: median(keystroke), findings: count };
}

for (const sc of scenarios) {
  const { policy, at } = sc;
  const withChar = policy.slice(0, at) + 'x' + policy.slice(at);
  const line = policy.slice(0, at).split('\n').length;
  console.log(`\n== ${sc.name}: ${(policy.length / 1024).toFixed(1)} KB, ${policy.split('\n').length} lines; one character typed / deleted at line ${line}`);
  console.log(`   (${sc.note}); ${RUNS} runs each, medians`);
  const a = inProcess(policy, withChar);
  console.log(`   in-process  (a) cold full lint, fresh Linter     ${fmt(a.cold).padStart(9)}`);
  console.log(`   in-process  (b) keystroke, warm Linter           ${fmt(a.keystroke).padStart(9)}   (b)/(a) = ${(a.keystroke / a.cold).toFixed(3)}`);
  if (!IN_PROCESS) {
    const srv = await overServer(policy, withChar, at);
    console.log(`   server      (a) didOpen → publishDiagnostics     ${fmt(srv.cold).padStart(9)}   (${srv.findings} diagnostics)`);
    console.log(`   server      (b) didChange → publishDiagnostics   ${fmt(srv.keystroke).padStart(9)}   (b)/(a) = ${(srv.keystroke / srv.cold).toFixed(3)}`);
  }
  if (BREAKDOWN) {
    const b = breakdown(policy, withChar);
    console.log(`   keystroke breakdown: document build ${fmt(b.build)} · detection ${fmt(b.detect)} · rules, applicability, disclosures ${fmt(b.rulesEtc)}`);
  }
}
console.log('\ntarget: (b)/(a) ≤ 0.2');
