// Bad input for the language server (issue 5), through the stdio test client of test/lsp: each case
// ends in diagnostics (or a diagnostic that says why there are none) or a log line, and the server keeps
// answering. Line endings and a BOM must not move a diagnostic; a document above maxFileSize gets one
// "too large" diagnostic instead of minutes of linting; lintWorkspace logs and skips files it cannot read.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { InitializeRequest, InitializedNotification, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-languageserver-protocol/node';
import { SERVER, TestClient, fileUri } from '../lsp/client.js';
import { GOOD, MISSING_CHILDREN, cleanup, isRoot, project } from './helpers.js';

const MB = 1024 * 1024;
const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const shape = (ds: Diagnostic[]) => ds.map((d) => ({ code: d.code, range: d.range, message: text(d) })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('hardening: bad input to the language server', function () {
  this.timeout(180_000);
  let client: TestClient;
  let n = 0;
  before(async () => {
    client = await TestClient.start({ settings: () => ({ debounceMs: 0, jurisdictions: ['coppa', 'gdpr'] }) });
  });
  after(async () => {
    await client.stop();
    cleanup();
  });

  async function stillAnswers() {
    const uri = `untitled:alive-${++n}.md`;
    client.open(uri, GOOD);
    await client.diagnosticsFor(uri, 1);
    assert.ok(await client.hover(uri, 0, 3), 'the server still answers a hover');
    client.close(uri);
    assert.equal(client.proc.exitCode, null, 'the server is running');
  }

  /** Opens `text`, waits for its diagnostics, asks for everything else, closes it. */
  async function openAndUse(name: string, text: string, languageId = 'markdown'): Promise<Diagnostic[]> {
    const uri = `untitled:${++n}-${name}`;
    client.open(uri, text, languageId);
    const diags = await client.diagnosticsFor(uri, 1);
    await client.symbols(uri);
    await client.codeLens(uri);
    await client.hover(uri, 0, 0);
    await client.codeActions(uri, diags);
    client.close(uri);
    return diags;
  }

  it('empty, NUL bytes, lone surrogates, U+FEFF, Unicode line separators: diagnostics and no crash', async () => {
    const cases: Array<[string, string]> = [
      ['empty.md', ''],
      ['nul.md', `${GOOD.slice(0, 200)}\u0000\u0000${GOOD.slice(200)}`],
      ['surrogates.md', `# Privacy \uD800 Policy\n\nWe collect \uDFFF data 😀.\n`],
      ['bom.md', `\uFEFF${MISSING_CHILDREN}`],
      ['separators.md', MISSING_CHILDREN.replace(/\n\n/g, '\u2028\u2029\u0085\n\n')],
    ];
    for (const [name, text] of cases) {
      const diags = await openAndUse(name, text);
      for (const d of diags) assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, `${name}: a sane range`);
    }
    // The BOM does not move anything (it is one character on the first line, before the title).
    const bom = await openAndUse('bom2.md', `\uFEFF${MISSING_CHILDREN}`);
    const plain = await openAndUse('plain2.md', MISSING_CHILDREN);
    const children = (ds: Diagnostic[]) => ds.find((d) => d.code === 'children-age');
    assert.ok(children(plain) && children(bom));
    assert.equal(children(bom)!.range.start.line, children(plain)!.range.start.line);
    assert.equal(children(bom)!.range.end.character, children(plain)!.range.end.character + 1);
    await stillAnswers();
  });

  it('CRLF and lone CR: the same diagnostics at the same positions as LF, and fix-all keeps the ending', async () => {
    const text = MISSING_CHILDREN.replace('We collect your name', 'Write to bad@@acme.test.\n\nWe collect your name');
    const lf = shape(await openAndUse('lf.md', text));
    assert.ok(lf.some((d) => d.message.includes('bad@@')));
    for (const eol of ['\r\n', '\r']) {
      assert.deepEqual(shape(await openAndUse(`eol${eol.length}.md`, text.replace(/\n/g, eol))), lf, JSON.stringify(eol));
      const uri = `untitled:${++n}-fixall.md`;
      client.open(uri, MISSING_CHILDREN.replace(/\n/g, eol));
      await client.diagnosticsFor(uri, 1);
      const res = (await client.command('privacyLint.fixAll', [uri])) as { applied: boolean };
      assert.ok(res.applied);
      const fixed = client.text(uri);
      assert.match(fixed, /Children's Privacy/);
      const other = eol === '\r\n' ? /\r(?!\n)|(?<!\r)\n/ : /\n/;
      assert.ok(!other.test(fixed), `${JSON.stringify(eol)}: only ${JSON.stringify(eol)} line breaks after fix-all`);
      client.close(uri);
    }
    await stillAnswers();
  });

  it('a 1 MB line and 10 000-deep lists and quotes: diagnostics, and the server answers', async () => {
    const line = 'We collect your email address and your name when you sign up, and share it with nobody. '.repeat(12_000).slice(0, MB);
    const cases: Array<[string, string]> = [
      ['line.md', `# Privacy Policy\n\n${line}\n`],
      ['line.txt', `PRIVACY POLICY\n\n${line}\n`],
      ['quotes.md', `# Privacy Policy\n\n${'>'.repeat(10_000)} We collect your email address.\n`],
      ['bullets.md', `# Privacy Policy\n\n${'- '.repeat(10_000)}We collect your email address.\n`],
      ['both.md', `# Privacy Policy\n\n${'> 1. '.repeat(10_000)}We collect your email address.\n`],
    ];
    for (const [name, text] of cases) {
      const t = performance.now();
      const diags = await openAndUse(name, text, name.endsWith('.txt') ? 'plaintext' : 'markdown');
      for (const d of diags) assert.ok(d.range.end.line <= 3, `${name}: ${String(d.code)} on line ${d.range.start.line}`);
      console.log(`      (${name}: ${diags.length} diagnostics in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
    await stillAnswers();
  });

  it('HTML blocks and front matter: front matter is not policy text, HTML headings are sections', async () => {
    const front = await openAndUse('front.md', `---\ntitle: x\nnote: TODO someone@example.com\n---\n\n${GOOD}`);
    const good = await openAndUse('good.md', GOOD);
    assert.deepEqual(front.map((d) => d.code).sort(), good.map((d) => d.code).sort());
    const html = await openAndUse('html.md', '<h1>Privacy Policy</h1>\n\n<div>\n<p>We collect your email.</p>\n</div>\n\n<h2>Children</h2>\n\n<p>We do not knowingly collect personal information from children under 13.</p>\n\n<!-- unclosed comment\n\n## Contact\n');
    assert.ok(!html.some((d) => d.code === 'children-age'), html.map((d) => d.code).join(', '));
    await stillAnswers();
  });

  it('a document above maxFileSize: one "too large" diagnostic and a log line, not minutes of linting', async () => {
    const big = `# Privacy Policy\n\n${'We collect your email address. '.repeat(Math.ceil((12 * MB) / 31))}`;
    const t = performance.now();
    const diags = await openAndUse('big.md', big);
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity, d.range.start.line]),
      [['too-large', 2, 0]],
    );
    assert.match(text(diags[0]!), /does not lint this document: it is 12\.0 MB, above the 10\.0 MB limit \(raise "maxFileSize"/);
    assert.ok(client.logs.some((l) => /not linting untitled:.*big\.md .*12\.0 MB is above maxFileSize/.test(l)), 'a log line');
    console.log(`      (12 MB document answered in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    // Fix-all has nothing to do for it, and insert-clause says why.
    const uri = `untitled:${++n}-big.md`;
    client.open(uri, big);
    await client.diagnosticsFor(uri, 1);
    assert.deepEqual(await client.command('privacyLint.fixAll', [uri]), { applied: false, fixed: 0 });
    await assert.rejects(client.command('privacyLint.insertClause', [uri, 'children']), /does not lint this document/);
    client.close(uri);
    await stillAnswers();
  });

  it('maxFileSize raised in a .privacylintrc.json: the document is linted', async () => {
    const d = project({ '.privacylintrc.json': JSON.stringify({ maxFileSize: 1024 }), 'privacy.md': GOOD });
    const own = await TestClient.start({ settings: () => ({ debounceMs: 0 }), rootPath: d });
    try {
      const uri = fileUri(join(d, 'privacy.md'));
      own.open(uri, `${GOOD}\n${'We collect your email address. '.repeat(40)}\n`);
      const small = await own.diagnosticsFor(uri, 1);
      assert.deepEqual(small.map((x) => x.code), ['too-large'], 'a lowered limit applies to open documents too');
      writeFileSync(join(d, '.privacylintrc.json'), JSON.stringify({ maxFileSize: 4 * MB }));
      const from = own.published.length;
      own.didChangeWatchedFiles([{ uri: fileUri(join(d, '.privacylintrc.json')), type: 2 }]);
      const raised = await own.diagnosticsFor(uri, 1, from);
      assert.ok(!raised.some((x) => x.code === 'too-large'), raised.map((x) => x.code).join(', '));
    } finally {
      await own.stop();
    }
  });

  it('a bad config (invalid JSON, invalid YAML, unknown rule): a diagnostic and a message, linting goes on', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['.privacylintrc.json', '{"rules": {', /is not valid JSON/],
      ['.privacylintrc.yaml', 'rules: [', /is not valid YAML/],
      ['.privacylintrc.json', '{"rules": {"childrens-age": "off"}}', /unknown rule \(did you mean "children-age"\?\)/],
    ];
    for (const [name, content, message] of cases) {
      const d = project({ [name]: content, 'privacy.md': MISSING_CHILDREN });
      const own = await TestClient.start({ settings: () => ({ debounceMs: 0, jurisdictions: ['coppa'] }), rootPath: d });
      try {
        const uri = fileUri(join(d, 'privacy.md'));
        own.open(uri, MISSING_CHILDREN);
        const diags = await own.diagnosticsFor(uri, 1);
        const bad = diags.find((x) => x.code === 'invalid-config');
        assert.ok(bad, `${name}: an invalid-config diagnostic`);
        assert.match(text(bad), message);
        assert.ok(diags.some((x) => x.code === 'children-age'), `${name}: the policy is still linted`);
        await own.until(() => own.messages.some((m) => message.test(m)), 'a window/showMessage');
        assert.ok(await own.hover(uri, 0, 2));
      } finally {
        await own.stop();
      }
    }
  });

  it('lintWorkspace over an unreadable file: "permission denied" in the log (as "nobody" when run as root)', async function () {
    const d = project({ 'privacy.md': GOOD, 'locked-privacy.md': GOOD });
    chmodSync(join(d, 'locked-privacy.md'), 0o000);
    let wrap: string[] = [];
    if (isRoot()) {
      const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', '0']);
      if (probe.error || probe.status !== 0) this.skip(); // root reads it anyway; the CLI test covers the message
      wrap = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      chmodSync(d, 0o755);
    }
    const proc = spawn(wrap[0] ?? process.execPath, [...wrap.slice(1), ...(wrap.length ? [process.execPath] : []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const c = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const logs: string[] = [];
    c.onNotification('window/logMessage', (p: { message: string }) => {
      logs.push(p.message);
    });
    c.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    c.listen();
    try {
      await c.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: fileUri(d), workspaceFolders: [{ uri: fileUri(d), name: 'd' }], capabilities: {} });
      await c.sendNotification(InitializedNotification.type, {});
      const count = await c.sendRequest('workspace/executeCommand', { command: 'privacyLint.lintWorkspace', arguments: [] });
      assert.equal(count, 1, 'privacy.md is linted');
      assert.ok(logs.some((l) => /skipped .*locked-privacy\.md: permission denied/.test(l)), logs.join('\n'));
      assert.ok(await c.sendRequest('textDocument/hover', { textDocument: { uri: fileUri(join(d, 'privacy.md')) }, position: { line: 0, character: 0 } }) === null, 'still answers');
    } finally {
      await c.sendRequest('shutdown').catch(() => undefined);
      await c.sendNotification('exit').catch(() => undefined);
      c.dispose();
      setTimeout(() => proc.kill(), 3000).unref();
    }
  });

  it('lintWorkspace over files it cannot lint: a log line each, the others linted, the server answers', async () => {
    const d = project({
      'privacy.md': MISSING_CHILDREN,
      'policies/binary-privacy.md': Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]),
      'policies/latin1-privacy.md': Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9])]),
      'policies/u16-privacy.md': Buffer.from(MISSING_CHILDREN, 'utf16le'),
      'policies/u16bom-privacy.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MISSING_CHILDREN, 'utf16le')]),
      'policies/empty-privacy.md': '',
      'policies/huge-privacy.md': Buffer.alloc(11 * MB, 'We collect data.\n'),
    });
    symlinkSync('..', join(d, 'policies', 'loop'));
    mkdirSync(join(d, 'deny'));
    writeFileSync(join(d, 'deny', 'privacy.md'), GOOD);
    chmodSync(join(d, 'deny', 'privacy.md'), 0o000);
    const fifo = spawnSync('mkfifo', [join(d, 'policies', 'fifo-privacy.md')]);
    const own = await TestClient.start({ settings: () => ({ debounceMs: 0, jurisdictions: ['coppa'] }), rootPath: d });
    try {
      const count = (await own.command('privacyLint.lintWorkspace')) as number;
      const skipped = (what: string) => own.logs.some((l) => l.includes('skipped') && l.includes(what));
      assert.ok(skipped('binary-privacy.md') && skipped('latin1-privacy.md') && skipped('u16-privacy.md') && skipped('empty-privacy.md') && skipped('huge-privacy.md'), own.logs.join('\n'));
      assert.match(own.logs.find((l) => l.includes('huge-privacy.md'))!, /11\.0 MB, above the 10\.0 MB limit/);
      const pushed = new Set(own.published.map((p) => p.uri));
      assert.ok(pushed.has(fileUri(join(d, 'privacy.md'))));
      assert.ok(pushed.has(fileUri(join(d, 'policies', 'u16bom-privacy.md'))), 'UTF-16 with a BOM is linted');
      assert.ok(count >= 2, `linted ${count}`);
      if (!fifo.error && fifo.status === 0) assert.ok(!pushed.has(fileUri(join(d, 'policies', 'fifo-privacy.md'))), 'the FIFO is not a policy file');
      assert.ok(await own.hover(fileUri(join(d, 'privacy.md')), 0, 0) === null, 'answers (the file is not open)');
      own.open(fileUri(join(d, 'privacy.md')), readFileSync(join(d, 'privacy.md'), 'utf8'));
      assert.ok((await own.diagnosticsFor(fileUri(join(d, 'privacy.md')), 1)).some((x) => x.code === 'children-age'));
    } finally {
      await own.stop();
    }
  });
});
