// Speed at scale (issue 5): generates policies by varying real texts (sections shuffled, dropped and
// duplicated; numbers and company names changed) into a temporary folder, lints them all with the CLI
// with --threads 1 and --threads 2, and reports policies per second and the speed-up; also times a
// single-file CLI run (start-up) and the CLI with nothing to lint. Sources are read at run time:
// test/corpus/own, examples/ and ../shared/corpus/{public,seeds} when present. No source text is
// copied into the repository; the generated folder is deleted afterwards (--keep keeps it).
//
//   node scripts/bench-scale.mjs [--count 10000] [--seed 1] [--runs 1] [--keep] [--threads 1,2]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The tests' seeded generator (mulberry32), built into out/ by npm run build.
const { random } = await import(new URL('../out/test/helpers/random.js', import.meta.url).href);

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin/privacy-lint.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const COUNT = Number(arg('count', 10_000));
const RUNS = Number(arg('runs', 1));
const THREADS = String(arg('threads', '1,2')).split(',').map(Number);
if (!existsSync(join(root, 'out/server/src/cli/main.js'))) {
  console.error('bench-scale: build first (npm run build)');
  process.exit(2);
}

// ---- sources and variation ----------------------------------------------------------------------

const SOURCE_DIRS = ['test/corpus/own', 'examples', '../shared/corpus/public', '../shared/corpus/seeds'].map((d) => join(root, d));
const sources = [];
for (const dir of SOURCE_DIRS) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!/\.(md|txt)$/.test(name) || name === 'SOURCES.md' || !statSync(path).isFile()) continue;
    const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
    sources.push({ name, ext: name.endsWith('.md') ? 'md' : 'txt', sections: sectionsOf(text, name.endsWith('.md')), company: companyOf(text) });
  }
}

/** Markdown: cut before ATX headings (or, with fewer than four, before top-level blocks); text: before title lines. */
function sectionsOf(text, markdown) {
  const lines = text.split('\n');
  const starts = [0];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    const prevBlank = lines[i - 1].trim() === '';
    if (markdown ? /^#{1,6}\s/.test(l) : prevBlank && l.trim() && l.trim().length <= 70 && !/[.,;:]$/.test(l.trim())) starts.push(i);
  }
  if (markdown && starts.length < 4) {
    for (let i = 1; i < lines.length; i++) if (lines[i - 1].trim() === '' && /^\S/.test(lines[i]) && !starts.includes(i)) starts.push(i);
    starts.sort((a, b) => a - b);
  }
  return starts.map((s, k) => lines.slice(s, starts[k + 1] ?? lines.length).join('\n').replace(/\n+$/, ''));
}

/** The organisation's name as the policy uses it most: a capitalised word before Inc./Ltd/LLC/… or in quotes. */
function companyOf(text) {
  const counts = new Map();
  for (const m of text.matchAll(/\b([A-Z][A-Za-z]{2,})(?=,? (?:Inc|Ltd|LLC|GmbH|Limited|Corp|S\.r\.l|B\.V|Pty)\b|["”’]?\)?,? \(["“](?:we|us)\b)/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}


const SYLLABLES = ['bri', 'cal', 'dor', 'fen', 'gal', 'hol', 'kin', 'lum', 'mor', 'nex', 'pel', 'quo', 'ros', 'tal', 'ven', 'wyn'];

function vary(src, rnd) {
  const [head, ...rest] = src.sections;
  let body = [...rest];
  // Shuffle a few pairs, drop about one section in eight, duplicate about one in twelve.
  for (let k = Math.floor(rnd() * 4); k > 0 && body.length > 1; k--) {
    const i = Math.floor(rnd() * body.length);
    const j = Math.floor(rnd() * body.length);
    [body[i], body[j]] = [body[j], body[i]];
  }
  body = body.filter(() => rnd() >= 0.125);
  body = body.flatMap((s) => (rnd() < 0.08 ? [s, s] : [s]));
  let text = [head, ...body].join('\n\n') + '\n';
  // Numbers: a third of them change (ages, days, years, phone digits), keeping their length.
  text = text.replace(/\d+/g, (d) => (rnd() < 0.33 ? String(Math.floor(rnd() * 10 ** d.length)).padStart(d.length, '1') : d));
  const name = Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]).join('');
  const company = name[0].toUpperCase() + name.slice(1);
  if (src.company) text = text.replaceAll(src.company, company);
  return text;
}

// ---- generation -----------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'privacy-lint-scale-'));
const rnd = random(Number(arg('seed', 1)));
let bytes = 0;
const t0 = performance.now();
for (let i = 0; i < COUNT; i++) {
  const src = sources[Math.floor(rnd() * sources.length)];
  const text = vary(src, rnd);
  bytes += Buffer.byteLength(text);
  writeFileSync(join(dir, `policy-${String(i + 1).padStart(5, '0')}.${src.ext}`), text);
}
const genSeconds = (performance.now() - t0) / 1000;

const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
console.log(`privacy-lint bench-scale (Node ${process.version}, ${process.platform}, ${availableParallelism()} cores: ${cpuModel})`);
console.log(`${COUNT} policies generated from ${sources.length} sources in ${genSeconds.toFixed(1)} s: ${(bytes / 1024 / 1024).toFixed(1)} MB, ${(bytes / COUNT / 1024).toFixed(1)} KB on average (${dir})\n`);

// ---- how much of the machine is ours ----------------------------------------------------------------
// The speed-up of two threads can only be what the machine gives: a fixed busy loop run on one worker
// and on two at once says how many cores are free right now (2.0 on an idle 2-core machine).

function burn(workers) {
  const code = 'let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7;';
  const s = performance.now();
  const r = spawnSync(process.execPath, ['-e', `const { Worker } = require('node:worker_threads'); for (let i = 0; i < ${workers}; i++) new Worker(${JSON.stringify(code)}, { eval: true });`]);
  if (r.status !== 0) throw new Error(`busy loop failed: ${r.stderr}`);
  return (performance.now() - s) / 1000;
}
const freeCores = () => (2 * burn(1)) / burn(2);

// ---- the CLI --------------------------------------------------------------------------------------

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runCli(args) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`privacy-lint ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { seconds, stdout: r.stdout };
}

// Start-up: the CLI with nothing to lint (--version) and one small policy, medians of 7 runs.
const first = readdirSync(dir).find((f) => f.endsWith('.md'));
const startup = median(Array.from({ length: 7 }, () => runCli(['--version']).seconds));
const single = median(Array.from({ length: 7 }, () => runCli(['--format', 'json', '--no-config-lookup', first]).seconds));
const node = median(Array.from({ length: 7 }, () => {
  const s = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return (performance.now() - s) / 1000;
}));
console.log(`start-up: node alone ${(node * 1000).toFixed(0)} ms; privacy-lint --version ${(startup * 1000).toFixed(0)} ms; one ${(statSync(join(dir, first)).size / 1024).toFixed(1)} KB policy ${(single * 1000).toFixed(0)} ms (medians of 7)\n`);

const before = freeCores();
console.log(`free cores before linting: ${before.toFixed(2)} (two busy-loop workers vs one; 2.00 on an idle 2-core machine)\n`);
const results = [];
let reference = null;
for (const threads of THREADS) {
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const out = join(dir, `out-${threads}.json`);
    const { seconds } = runCli(['--threads', String(threads), '--format', 'json', '--no-config-lookup', '--output-file', out, '.']);
    times.push(seconds);
    const json = readFileSync(out, 'utf8');
    const files = JSON.parse(json).length;
    if (files !== COUNT) throw new Error(`--threads ${threads}: ${files} reports for ${COUNT} policies`);
    // Threads change nothing in the output.
    if (reference === null) reference = json;
    else if (json !== reference) throw new Error(`--threads ${threads}: output differs from --threads ${THREADS[0]}`);
    rmSync(out);
  }
  const seconds = median(times);
  results.push({ threads, seconds, rate: COUNT / seconds, mbps: bytes / 1024 / 1024 / seconds });
  console.log(`--threads ${threads}: ${seconds.toFixed(1)} s for ${COUNT} policies = ${(COUNT / seconds).toFixed(0)} policies/s, ${(bytes / 1024 / 1024 / seconds).toFixed(2)} MB/s${RUNS > 1 ? ` (median of ${RUNS})` : ''}`);
}
if (results.length > 1) {
  const base = results[0];
  for (const r of results.slice(1)) console.log(`speed-up of --threads ${r.threads} over --threads ${base.threads}: ${(base.seconds / r.seconds).toFixed(2)}×`);
}
console.log('outputs identical across thread counts');
console.log(`free cores after linting: ${freeCores().toFixed(2)}`);

if (process.argv.includes('--keep')) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
