// Malformed and out-of-order traffic leaves the server alive and answering; broken documents lint
// without crashing; lintWorkspace pushes diagnostics for policy files that are not open.
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import {
  DidOpenTextDocumentNotification,
  IPCMessageReader,
  IPCMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  createMessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, SERVER, TestClient, fileUri, fixture, fixtureUri, onlyRules, ruleIds } from './client.js';

const GAPS = fixtureUri('policy-gaps.md');
const RULES = onlyRules('children-age', 'breach-notification');

describe('LSP robustness', function () {
  this.timeout(60_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: () => ({ debounceMs: 0, rules: RULES }) });
  });
  after(() => client.stop());

  async function stillAnswers() {
    const hover = await client.hover(GAPS, 5, 2);
    assert.ok(hover, 'the server still answers hovers');
    assert.equal(client.proc.exitCode, null, 'the server is running');
  }

  it('opens a policy to test against', async () => {
    client.open(GAPS, fixture('policy-gaps.md'));
    assert.ok(ruleIds(await client.diagnosticsFor(GAPS, 1)).includes('children-age'));
  });

  it('ignores didChange and didClose for a document that was never opened', async () => {
    const c = client.connection;
    await c.sendNotification('textDocument/didChange', {
      textDocument: { uri: 'file:///never/opened.md', version: 7 },
      contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }],
    });
    await c.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never/opened.md' } });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: GAPS } });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: GAPS, version: null }, contentChanges: [{ text: 'x' }] });
    await c.sendNotification('textDocument/didOpen', {});
    await stillAnswers();
  });

  it('survives edits with ranges outside the document and clamps them', async () => {
    const v = client.change(GAPS, [{ range: { start: { line: 9999, character: 0 }, end: { line: 10000, character: 5 } }, text: '\nAppended at the end.\n' }]);
    const diags = await client.diagnosticsFor(GAPS, v);
    assert.ok(ruleIds(diags).includes('children-age'));
    const v2 = client.change(GAPS, [{ range: { start: { line: -3, character: -1 }, end: { line: 0, character: 0 } }, text: '' }]);
    await client.diagnosticsFor(GAPS, v2);
    await stillAnswers();
  });

  it('answers requests with bad positions, unknown documents and missing parameters', async () => {
    assert.equal(await client.hover(GAPS, 99999, 99999), null);
    assert.equal(await client.hover(GAPS, -5, -5), null);
    assert.equal(await client.hover('file:///not/open.md', 0, 0), null);
    assert.deepEqual(await client.symbols('file:///not/open.md'), []);
    assert.deepEqual(await client.codeLens('file:///not/open.md'), []);
    assert.deepEqual(await client.codeActions('file:///not/open.md', []), []);
    const weird = await client.codeActions(GAPS, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'x', source: 'privacy-lint', data: { ruleId: 'children-age', code: 'ABSENT', version: 1e9 } },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'x', source: 'privacy-lint', data: 'garbage' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'x', source: 'other-linter' },
    ]);
    assert.deepEqual(
      weird.filter((a) => a.kind === 'quickfix'),
      [],
    );
    // Requests whose params are missing altogether get an answer (null/empty or an error), not silence.
    for (const method of ['textDocument/hover', 'textDocument/documentSymbol', 'textDocument/codeLens', 'textDocument/codeAction', 'privacyLint/coverage']) {
      await client.connection.sendRequest(method, {}).catch(() => undefined);
    }
    await stillAnswers();
  });

  it('rejects unknown commands and bad command arguments with an error', async () => {
    await assert.rejects(client.command('privacyLint.noSuchCommand'), /unknown command/);
    await assert.rejects(client.command('privacyLint.insertClause', []), /document URI/);
    await assert.rejects(client.command('privacyLint.insertClause', [GAPS]), /must be one of/);
    await assert.rejects(client.command('privacyLint.fixAll', [42]), /document URI/);
    await stillAnswers();
  });

  it('lints broken and hostile documents without crashing', async () => {
    const cases: Array<[string, string]> = [
      ['empty.md', ''],
      ['only-newlines.md', '\n\n\r\n\r'],
      ['nul-bytes.md', 'Privacy\u0000Policy\u0000\u0000 We collect \uFFFD data.'],
      ['deep-quotes.md', `${'>'.repeat(5000)} We collect your email.\n`],
      ['deep-lists.md', Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')],
      ['long-line.md', `# Privacy Policy\n\n${'We collect data. '.repeat(20000)}`],
      ['unclosed.md', '# Privacy Policy\n\n```\nnever closed\n<!-- privacy-lint-disable-file\n## Children'],
      ['cut-off.txt', 'PRIVACY POLICY\n\n1. Children\n\nWe do not knowingly collect information from chil'],
      ['surrogates.md', '# Privacy 😀 Policy\n\nWe collect 🦄 data from users \uD800 broken.'],
    ];
    for (const [name, text] of cases) {
      const uri = `untitled:${name}`;
      client.open(uri, text, name.endsWith('.txt') ? 'plaintext' : 'markdown');
      const diags = await client.diagnosticsFor(uri, 1);
      for (const d of diags) assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, `${name}: sane range`);
      await client.symbols(uri);
      await client.codeLens(uri);
      await client.hover(uri, 0, 0);
      client.close(uri);
    }
    await stillAnswers();
  });

  it('treats a second didOpen of the same document as a fresh text', async () => {
    const uri = 'untitled:reopened.md';
    client.open(uri, fixture('policy-gaps.md'));
    assert.ok(ruleIds(await client.diagnosticsFor(uri, 1)).includes('children-age'));
    const from = client.published.length;
    client.open(uri, '# Privacy Policy\n\n## Children\n\nWe never collect data from anyone under 13.\n');
    const again = await client.diagnosticsFor(uri, 1, from);
    assert.ok(!ruleIds(again).includes('children-age'), ruleIds(again).join(', '));
  });
});

describe('LSP privacyLint.lintWorkspace', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'privacy-lint-ws-'));
    mkdirSync(join(dir, 'policies'));
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'PRIVACY.md'), fixture('policy-gaps.md'));
    writeFileSync(join(dir, 'policies', 'app.md'), fixture('policy-california.md'));
    writeFileSync(join(dir, 'policies', 'web-privacy.txt'), fixture('policy-plain.txt'));
    writeFileSync(join(dir, 'README.md'), '# Readme\n\nNot a policy.\n');
    writeFileSync(join(dir, 'node_modules', 'pkg', 'privacy.md'), fixture('policy-gaps.md'));
  });
  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes diagnostics for policy files that are not open and returns how many', async () => {
    client = await TestClient.start({ pull: true, rootPath: dir, settings: () => ({ debounceMs: 0, rules: RULES }) });
    const open = fileUri(join(dir, 'policies', 'app.md'));
    client.open(open, fixture('policy-california.md'));
    const n = await client.command('privacyLint.lintWorkspace');
    assert.equal(n, 2, 'PRIVACY.md and policies/web-privacy.txt; the open file, README.md and node_modules are skipped');
    const uris = new Set(client.published.map((p) => p.uri));
    assert.ok(uris.has(fileUri(join(dir, 'PRIVACY.md'))));
    assert.ok(uris.has(fileUri(join(dir, 'policies', 'web-privacy.txt'))));
    assert.ok(!uris.has(open), 'open documents are left to the pull model');
    const privacy = client.published.find((p) => p.uri === fileUri(join(dir, 'PRIVACY.md')))!;
    assert.ok(ruleIds(privacy.diagnostics).includes('children-age'));
    // Opening a file that was pushed clears the pushed diagnostics: the pull model takes over.
    const from = client.published.length;
    client.open(privacy.uri, fixture('policy-gaps.md'));
    assert.deepEqual(await client.diagnosticsFor(privacy.uri, undefined, from), []);
  });
});

describe('LSP server process', function () {
  this.timeout(30_000);
  it('exits when the client goes away (stdin closes)', async () => {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stdin.end();
    assert.equal(typeof (await exited), 'number');
  });

  it('talks LSP over Node IPC too (--node-ipc, how the VS Code client starts it)', async () => {
    const proc = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, resolve));
    connection.listen();
    try {
      const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(init.serverInfo?.name, 'privacy-lint');
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: 'untitled:ipc.md', languageId: 'markdown', version: 1, text: fixture('policy-gaps.md') },
      });
      const p = await published;
      assert.ok(ruleIds(p.diagnostics).includes('children-age'));
    } finally {
      connection.dispose();
      proc.kill();
    }
  });

  it('prints its version and usage', async () => {
    const run = (arg: string, entry = SERVER) =>
      new Promise<string>((resolve) => {
        const p = spawn(process.execPath, [entry, arg]);
        let out = '';
        p.stdout.on('data', (d) => (out += String(d)));
        p.on('exit', () => resolve(out));
      });
    assert.match(await run('--version'), /^\d+\.\d+\.\d+\n$/);
    assert.match(await run('--help'), /--stdio/);
    // The npm bin (`npx privacy-lint-server`) is a thin wrapper around the built server.
    assert.match(await run('--version', `${REPO}bin/privacy-lint-server.js`), /^\d+\.\d+\.\d+\n$/);
  });
});
