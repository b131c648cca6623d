#!/usr/bin/env node
// The long fuzz run: the engine properties of test/property/properties.ts (the same ones `npm test` runs
// a few of) for as many generated policies as asked. It keeps going after a failure, with a new seed, so
// one run reports every distinct failure it meets; each comes with the seed and path that replay it:
//   npm run fuzz -- --runs 100000
//   npm run fuzz -- --runs 20000 --property fix --seed 42
//   npm run fuzz -- --replay '{"property":"fix","seed":42,"path":"17:2:0"}'
// Options: --runs N (total over the properties, default 100000), --seed S (first seed; default random),
// --property lint|incremental|fix|chunks, --chunk N (runs per seed, default 500), --json FILE (write a report),
// --no-shrink (report the first failing case as generated), --max-failures N (stop after N distinct failures),
// --size small|medium|large|mixed (how big generated policies get; mixed alternates small and medium).

import { writeFileSync } from 'node:fs';

function usage(msg) {
  if (msg) process.stderr.write(`fuzz: ${msg}\n`);
  process.stderr.write('usage: node scripts/fuzz.mjs [--runs N] [--seed S] [--property lint|incremental|fix|chunks] [--chunk N] [--json FILE] [--no-shrink] [--max-failures N] [--size small|medium|large|mixed] [--replay JSON]\n');
  process.exit(2);
}

const opts = { runs: 100000, seed: undefined, property: '', chunk: 500, json: null, shrink: true, maxFailures: 50, replay: null, size: 'mixed' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    const v = argv[++i];
    if (v === undefined) usage(`${a} needs a value`);
    return v;
  };
  const int = () => {
    const v = Number(value());
    if (!Number.isInteger(v) || v < 0) usage(`${a} needs a whole number`);
    return v;
  };
  if (a === '--runs') opts.runs = int();
  else if (a === '--seed') opts.seed = int();
  else if (a === '--property') opts.property = value();
  else if (a === '--chunk') opts.chunk = Math.max(1, int());
  else if (a === '--json') opts.json = value();
  else if (a === '--no-shrink') opts.shrink = false;
  else if (a === '--max-failures') opts.maxFailures = Math.max(1, int());
  else if (a === '--replay') opts.replay = JSON.parse(value());
  else if (a === '--size') {
    opts.size = value();
    if (!['small', 'medium', 'large', 'mixed'].includes(opts.size)) usage('--size is small, medium, large or mixed');
  }
  else if (a === '--help' || a === '-h') usage();
  else usage(`unknown option ${a}`);
}

let mod;
try {
  mod = await import('../out/test/property/properties.js');
} catch (e) {
  usage(`cannot load out/test/property/properties.js (run npm run build first): ${e.message}`);
}
const { PROPERTIES, failureReport, setDocSize } = mod;

const pick = (name) => PROPERTIES.filter((p) => !name || p.id === name);
const chosen = pick(opts.property);
if (!chosen.length) usage(`no property "${opts.property}"; properties: ${PROPERTIES.map((p) => `${p.id} (${p.name})`).join(', ')}`);

if (opts.replay) {
  const p = pick(opts.replay.property)[0];
  if (!p) usage(`--replay: no property "${opts.replay.property}"`);
  setDocSize(opts.replay.size ?? 'small');
  const details = p.run({ numRuns: 1, seed: opts.replay.seed, path: opts.replay.path });
  const report = failureReport(details);
  process.stdout.write(report ? `${report}\n` : 'passed\n');
  process.exit(report ? 1 : 0);
}

const shareSum = chosen.reduce((n, p) => n + p.share, 0);
let seed = opts.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;
const firstSeed = seed;
const started = Date.now();
const summary = [];
const failures = new Map(); // signature -> failure
const mem = () => `${Math.round(process.memoryUsage().rss / 1048576)} MB`;

for (const p of chosen) {
  const target = Math.max(1, Math.round((opts.runs * p.share) / shareSum));
  let done = 0;
  let failed = 0;
  const t0 = Date.now();
  let lastPrint = 0;
  while (done < target) {
    const numRuns = Math.min(opts.chunk, target - done);
    const size = opts.size === 'mixed' ? (Math.floor(done / opts.chunk) % 2 ? 'medium' : 'small') : opts.size;
    setDocSize(size);
    const details = p.run({ numRuns, seed, shrinkTimeMs: opts.shrink ? undefined : 0 });
    done += details.numRuns;
    if (details.failed) {
      failed++;
      const report = failureReport(details);
      const err = details.errorInstance;
      const message = err instanceof Error ? err.message : String(err);
      // Group by the assertion's first line and the engine frame it came from.
      const frame = err instanceof Error ? ((err.stack ?? '').split('\n').find((l) => /server\/src\//.test(l)) ?? '').trim() : '';
      const signature = `${p.id} :: ${message.split('\n')[0].replace(/\d+/g, 'N')} :: ${frame.replace(/:\d+:\d+\)?$/, '')}`;
      const seen = failures.get(signature);
      if (seen) seen.count++;
      else {
        const replay = { property: p.id, seed, path: details.counterexamplePath, size };
        failures.set(signature, { property: p.name, replay, count: 1, report });
        process.stdout.write(`\nFAILURE (${p.name}), replay with --replay '${JSON.stringify(replay)}'\n${report}\n\n`);
      }
      if (failures.size >= opts.maxFailures) break;
    }
    seed = (seed + 1) >>> 0;
    if (Date.now() - lastPrint > 30_000) {
      lastPrint = Date.now();
      process.stdout.write(`[${new Date().toISOString()}] ${p.id}: ${done}/${target} runs, ${failed} failing seeds, ${((Date.now() - t0) / 1000).toFixed(0)} s, rss ${mem()}\n`);
    }
  }
  summary.push({ property: p.name, runs: done, failingSeeds: failed, seconds: Math.round((Date.now() - t0) / 1000) });
  if (failures.size >= opts.maxFailures) break;
}

const total = summary.reduce((n, s) => n + s.runs, 0);
process.stdout.write(`\nfuzz: ${total} runs from seed ${firstSeed} in ${((Date.now() - started) / 1000).toFixed(0)} s (rss ${mem()})\n`);
for (const s of summary) process.stdout.write(`  ${s.runs} runs, ${s.failingSeeds} failing seeds, ${s.seconds} s: ${s.property}\n`);
process.stdout.write(failures.size ? `${failures.size} distinct failure(s):\n` : 'no failures\n');
for (const [sig, f] of failures) process.stdout.write(`  x${f.count} ${sig}\n     replay: --replay '${JSON.stringify(f.replay)}'\n`);
if (opts.json) writeFileSync(opts.json, JSON.stringify({ firstSeed, total, summary, failures: [...failures.values()] }, null, 2));
process.exit(failures.size ? 1 : 0);
