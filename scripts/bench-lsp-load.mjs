// The language server under load (issue 5): 10 000 rapid edits to a ~100 KB policy over real stdio,
// interleaved with hovers, code actions and diagnostic pulls (a third cancelled at once, some cancelled
// while they run), and with malformed and out-of-order traffic; then the final diagnostics against a
// fresh document's, RSS and live heap before, during and after, and twenty open ~30 KB policies.
// Uses the test client (test/lsp/client.ts) and test/perf/lsp-load.ts, built into out/ by npm run build.
//
//   node scripts/bench-lsp-load.mjs [--edits 10000] [--debounce 200] [--source corpus|own] [--size 102400]
//                                   [--request-every 20] [--bad-every 25] [--docs 20] [--doc-size 30720] [--eager-fix-all]
//
// The policy is ../shared/corpus/public concatenated (read at run time) when present, else this project's
// own policies repeated. --debounce is the privacyLint.debounceMs the client asks for (200 is the default).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const load = new URL('../out/test/perf/lsp-load.js', import.meta.url);
if (!existsSync(fileURLToPath(load))) {
  console.error('bench-lsp-load: build first (npm run build)');
  process.exit(2);
}
const { editStorm, manyOpen, MB } = await import(load.href);
const { TestClient } = await import(new URL('../out/test/lsp/client.js', import.meta.url).href);

const EDITS = Number(arg('edits', 10_000));
const DEBOUNCE = Number(arg('debounce', 200));
const SOURCE = arg('source', 'corpus');
const SIZE = Number(arg('size', 100 * 1024));
// Like VS Code, the client resolves code actions lazily (codeAction/resolve computes fix-all only when
// picked); --eager-fix-all makes it a client without resolve support, where every code-action request
// runs the fix loop.
const EAGER = process.argv.includes('--eager-fix-all');
const mb = (n) => `${(n / MB).toFixed(1)} MB`;

console.log(`privacy-lint language server under load (Node ${process.version}, ${process.platform})`);
console.log(`${EDITS} edits to a ${(SIZE / 1024).toFixed(0)} KB policy (${SOURCE}), debounceMs ${DEBOUNCE}, fix-all ${EAGER ? 'computed with every code-action request' : 'resolved lazily'}; a hover and a code action every ${arg('request-every', 20)} edits, a pull every other time; bad traffic every ${arg('bad-every', 25)}\n`);

const client = await TestClient.start({ settings: () => ({ debounceMs: DEBOUNCE }), nodeArgs: ['--expose-gc'], resolveEdits: !EAGER });
try {
  const r = await editStorm(client, {
    edits: EDITS,
    requestEvery: Number(arg('request-every', 20)),
    badEvery: Number(arg('bad-every', 25)),
    size: SIZE,
    source: SOURCE,
    sampleEvery: Math.max(100, Math.floor(EDITS / 10)),
    seed: 1,
    log: (l) => console.log(`  ${l}`),
  });
  const q = r.requests;
  const errors = Object.entries(q.errors).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  console.log(`\nedits: ${r.edits} in ${r.seconds.toFixed(1)} s (${r.editsPerSecond.toFixed(0)}/s, including the lints the requests asked for); ${r.bad} pieces of bad traffic`);
  console.log(`requests: ${q.sent} sent; ${q.results} results, ${q.cancelled} RequestCancelled, errors: ${errors}; ${q.hung} unanswered`);
  console.log(`cancellation: ${q.cancelRequested} cancelled by the client, ${q.cancelHonoured} answered RequestCancelled, the rest answered with a result`);
  console.log(`final diagnostics (version ${r.finalVersion}, ${r.finalDiagnostics}): ${r.finalMatches ? 'equal to a fresh document with the same text' : `DIFFER from a fresh document\n${r.mismatch}`}`);
  const peak = Math.max(...r.samples.map((s) => s.rss));
  console.log(`memory: RSS ${mb(r.before.rss)} before → ${mb(r.after.rss)} after (peak sample ${mb(peak)}); live heap after a full GC ${mb(r.before.heapUsed)} → ${mb(r.after.heapUsed)}`);
  console.log(`server alive: ${r.alive}`);

  // A server of its own: what the open policies cost, not what is left of the edit storm.
  const fresh = await TestClient.start({ settings: () => ({ debounceMs: DEBOUNCE }), nodeArgs: ['--expose-gc'] });
  const m = await manyOpen(fresh, Number(arg('docs', 20)), Number(arg('doc-size', 30 * 1024)), 'own').finally(() => fresh.stop());
  console.log(`\n${m.documents} open policies of ~${(m.charsEach / 1024).toFixed(0)} KB: opened and linted in ${m.seconds.toFixed(1)} s; RSS ${mb(m.open.rss)} (target < 150 MB; ${mb(m.idle.rss)} with none open), live heap ${mb(m.open.heapUsed)}; after closing them RSS ${mb(m.closed.rss)}, live heap ${mb(m.closed.heapUsed)}`);
  if (!r.finalMatches || q.hung || !r.alive || m.open.rss >= 150 * MB) process.exitCode = 1;
} finally {
  await client.stop();
}
