// The language server under load, in `npm test` with modest counts: it stays up and answers every
// request (a result, RequestCancelled, or an error for the deliberately bad ones), cancelled requests are
// answered and not hung, out-of-order changes do not corrupt the text, the final diagnostics equal a fresh
// document's with the same text, memory does not grow with the number of edits, and twenty open ~30 KB
// policies stay under 150 MB RSS. Asserts behaviour, not time; scripts/bench-lsp-load.mjs prints figures.

import assert from 'node:assert/strict';
import { TestClient } from '../lsp/client.js';
import { MB, editStorm, manyOpen, stats } from './lsp-load.js';

describe('language server under load', function () {
  this.timeout(180_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: () => ({ debounceMs: 50 }), nodeArgs: ['--expose-gc'] });
  });
  after(() => client.stop());

  it('rapid edits of a 100 KB policy with hovers, code actions, pulls, cancellations and bad traffic', async () => {
    const r = await editStorm(client, { edits: 800, requestEvery: 16, badEvery: 9, size: 100 * 1024, source: 'own', sampleEvery: 200, seed: 7, answerWithinMs: 60_000 });
    assert.ok(r.alive, 'the server is running');
    assert.equal(r.requests.hung, 0, 'every request was answered');
    assert.equal(r.requests.results + r.requests.cancelled + Object.values(r.requests.errors).reduce((n, x) => n + x, 0), r.requests.sent);
    // Only the request for a method nobody handles is an error; bad parameters get an empty answer.
    assert.deepEqual(Object.keys(r.requests.errors), r.requests.errors.unknown ? ['unknown'] : []);
    // Only requests the client cancelled come back cancelled, and requests cancelled while still queued
    // (most of the at-once ones) are refused without a lint.
    assert.ok(r.requests.cancelled <= r.requests.cancelRequested);
    assert.ok(r.requests.cancelHonoured > 0, 'some cancellations were honoured');
    assert.ok(r.finalMatches, r.mismatch);
    assert.ok(r.finalDiagnostics > 0);
    // Memory: what is live after a full collection does not grow with the edits.
    assert.ok(r.after.heapUsed - r.before.heapUsed < 40 * MB, `heap ${r.before.heapUsed / MB} → ${r.after.heapUsed / MB} MB`);
    assert.equal(r.after.documents, 1);
  });

  it('twenty open ~30 KB policies stay under 150 MB RSS, and closing them frees their state', async () => {
    // A server of its own: what twenty policies cost, not what is left of the edit storm.
    const fresh = await TestClient.start({ settings: () => ({ debounceMs: 50 }), nodeArgs: ['--expose-gc'] });
    try {
      await twenty(fresh);
    } finally {
      await fresh.stop();
    }
  });

  async function twenty(client: TestClient) {
    const m = await manyOpen(client, 20, 30 * 1024, 'own');
    assert.ok(m.open.rss < 150 * MB, `RSS with twenty policies open: ${(m.open.rss / MB).toFixed(1)} MB`);
    assert.equal(m.open.documents, 20);
    assert.equal(m.closed.documents, 0);
    assert.equal(m.closed.states, 0);
    const now = await stats(client);
    assert.ok(now.heapUsed < m.open.heapUsed, 'closing the documents released memory');
  }
});
