// npm run bench — lint speed against remark-parse alone on the same texts, measured in one run so the
// machine's noise hits both sides alike. Prints per-document medians and the overall ratio (target ≤ 2×).
// Documents: ../shared/corpus/{seeds,public} when present, plus examples/. Nothing is written.
//   node scripts/bench.mjs [--runs N] [dir…]
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { Linter, formatForPath, mergeConfig } from '../out/server/src/engine/index.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 21;
let dirs = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1);
if (!dirs.length) dirs = ['../shared/corpus/seeds', '../shared/corpus/public', 'examples'].filter((d) => existsSync(d));

const docs = [];
for (const dir of dirs) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!/\.(md|markdown|txt)$/i.test(name) || !statSync(path).isFile() || name === 'SOURCES.md') continue;
    docs.push({ name: basename(path), path, text: readFileSync(path, 'utf8') });
  }
}
if (!docs.length) {
  console.error('bench: no documents found');
  process.exit(2);
}

const parser = unified().use(remarkParse);
const config = mergeConfig({ jurisdictions: 'auto' });
const today = new Date(Date.UTC(2026, 10, 23));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

// Warm up both paths (JIT, lazy regex compilation, compromise's lexicon).
for (const d of docs) {
  parser.parse(d.text);
  new Linter().lint({ uri: d.path, text: d.text, format: formatForPath(d.path) }, { config, today });
}

const rows = [];
for (const d of docs) {
  const parse = [];
  const lint = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleave so a burst of load on the shared machine lands on both measurements.
    parse.push(time(() => parser.parse(d.text)));
    // A fresh Linter each run: no cache from the previous run, this is a cold full lint.
    lint.push(time(() => new Linter().lint({ uri: d.path, text: d.text, format: formatForPath(d.path) }, { config, today })));
  }
  rows.push({ name: d.name, kb: d.text.length / 1024, parse: median(parse), lint: median(lint) });
}

const pad = (s, n) => String(s).padStart(n);
console.log(`privacy-lint bench: ${docs.length} documents, ${RUNS} runs each, medians in ms (Node ${process.version}, ${process.platform})\n`);
console.log('document                              KB   remark-parse   privacy-lint   ratio');
for (const r of rows) {
  console.log(`${r.name.padEnd(34)} ${pad(r.kb.toFixed(1), 6)}   ${pad(r.parse.toFixed(2), 12)}   ${pad(r.lint.toFixed(2), 12)}   ${pad((r.lint / r.parse).toFixed(2), 5)}`);
}
const sumParse = rows.reduce((n, r) => n + r.parse, 0);
const sumLint = rows.reduce((n, r) => n + r.lint, 0);
const totalKb = rows.reduce((n, r) => n + r.kb, 0);
console.log(`\ncorpus total ${totalKb.toFixed(0)} KB: remark-parse ${sumParse.toFixed(1)} ms, privacy-lint ${sumLint.toFixed(1)} ms`);
console.log(`ratio privacy-lint / remark-parse = ${(sumLint / sumParse).toFixed(2)}× (target ≤ 2×); median per-document ratio ${median(rows.map((r) => r.lint / r.parse)).toFixed(2)}×`);
console.log(`throughput ${((totalKb / 1024) / (sumLint / 1000)).toFixed(2)} MB/s linted, ${((totalKb / 1024) / (sumParse / 1000)).toFixed(2)} MB/s parsed`);

// (c) The language server's keystroke figure (issue 3), in-process: one warm Linter per document, a
// character typed or deleted in the middle of a ~100 KB policy, as a ratio to a cold full lint (target ≤ 0.2).
// scripts/bench-lsp.mjs measures it over the real server too; scripts/bench-scale.mjs does (b), the CLI
// over 10 000 generated policies with one and two threads (minutes: npm run bench:scale).
if (!args.includes('--no-keystroke')) {
  console.log('\nkeystroke (language server, in-process; scripts/bench-lsp.mjs --in-process):');
  spawnSync(process.execPath, [new URL('./bench-lsp.mjs', import.meta.url).pathname, '--in-process', '--runs', '21'], { stdio: 'inherit' });
}
