// When the engine fails on one document (a bug the fuzzer has not found yet), the CLI reports that file
// in one line and still reports the others, on one thread and in worker threads; the language server
// logs it, tells the user once, publishes no diagnostics for that document and keeps serving the others.
import assert from 'node:assert/strict';
import { TestClient } from '../lsp/client.js';
import { CRASH_ENGINE, GOOD, MISSING_CHILDREN, assertCleanFailure, cleanup, cli, jsonReport, project } from './helpers.js';

describe('hardening: the engine fails on one document', function () {
  this.timeout(60_000);
  after(cleanup);

  it('the CLI reports that file in one line and the others as usual (one thread and workers)', () => {
    const d = project({ 'a.md': MISSING_CHILDREN, 'boom.md': GOOD, 'c.md': GOOD });
    for (const threads of ['1', '2']) {
      const r = cli(['--jurisdiction', 'coppa', '--format', 'json', '--threads', threads, '.'], d, { node: ['--import', CRASH_ENGINE], env: { PRIVACY_LINT_CRASH_ON: 'boom' } });
      assertCleanFailure(r, /boom\.md: simulated engine failure\n$/, `--threads ${threads}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.deepEqual(
        jsonReport(r).map((f) => f.filePath.split('/').pop()),
        ['a.md', 'c.md'],
        `--threads ${threads}: the other files are reported`,
      );
    }
  });

  it('the language server logs it, says so once, and keeps serving the other documents', async () => {
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${saved ?? ''} --import=${CRASH_ENGINE}`.trim();
    process.env.PRIVACY_LINT_CRASH_ON = 'boom';
    let client: TestClient;
    try {
      client = await TestClient.start({ settings: () => ({ debounceMs: 0 }) });
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
      delete process.env.PRIVACY_LINT_CRASH_ON;
    }
    try {
      client.open('untitled:boom.md', GOOD);
      assert.deepEqual(await client.diagnosticsFor('untitled:boom.md', 1), []);
      await client.until(() => client.messages.some((m) => /could not lint untitled:boom\.md; see the server log/.test(m)), 'a window/showMessage');
      assert.ok(client.stderr.includes('simulated engine failure') || client.logs.some((l) => l.includes('simulated engine failure')), 'the failure is logged');
      assert.equal(await client.hover('untitled:boom.md', 0, 0), null);
      assert.deepEqual(await client.codeActions('untitled:boom.md', []), []);
      client.open('untitled:fine.md', MISSING_CHILDREN);
      assert.ok((await client.diagnosticsFor('untitled:fine.md', 1)).length > 0, 'other documents are linted');
      assert.ok(await client.hover('untitled:fine.md', 0, 3));
    } finally {
      await client.stop();
    }
  });
});
