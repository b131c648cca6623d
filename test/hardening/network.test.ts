// No network (issue 5): the engine, the CLI and the language server open no socket while they lint, other
// than the LSP channel the editor hands them (stdio pipes or the Node IPC channel). Three independent
// proofs: (1) a preload (preload/no-network.ts) that makes every Node networking API throw and logs each
// attempt, checked to catch each API first; (2) a network namespace without any network (unshare -n,
// when the machine allows it) where the CLI and the server must still work; (3) strace, where present,
// showing no socket(2), connect(2), bind(2) or listen(2) at all.
import assert from 'node:assert/strict';
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DidOpenTextDocumentNotification,
  IPCMessageReader,
  IPCMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER, TestClient, fileUri } from '../lsp/client.js';
import { GOOD, MISSING_CHILDREN, NO_NETWORK, REPO, assertNoStack, cleanup, cli, isRoot, project } from './helpers.js';

interface NetEvent {
  pid: number;
  thread: string | number;
  event: 'loaded' | 'blocked' | 'child-process';
  api?: string;
  detail?: string;
}

function newLog(): string {
  return join(mkdtempSync(join(tmpdir(), 'privacy-lint-net-')), 'net.log');
}
function readLog(file: string): NetEvent[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as NetEvent);
  } catch {
    return [];
  }
}
/** The preload ran (in the main thread, and in `workers` worker threads at least) and recorded no attempt. */
function assertNoNetwork(file: string, what: string, workers = 0): void {
  const events = readLog(file);
  assert.ok(events.some((e) => e.event === 'loaded' && e.thread === 'main'), `${what}: the preload was loaded (log: ${JSON.stringify(events)})`);
  if (workers) assert.ok(new Set(events.filter((e) => e.event === 'loaded' && e.thread !== 'main').map((e) => `${e.pid}:${e.thread}`)).size >= workers, `${what}: the preload ran in the worker threads`);
  assert.deepEqual(events.filter((e) => e.event === 'blocked'), [], `${what}: no network call`);
  assert.deepEqual(events.filter((e) => e.event === 'child-process'), [], `${what}: no program started`);
}

function canUnshareNet(): boolean {
  const r = spawnSync('unshare', ['-n', process.execPath, '-e', '0']);
  return !r.error && r.status === 0;
}
function canStrace(): boolean {
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=network', '-o', '/dev/null', process.execPath, '-e', '0']);
  return !r.error && r.status === 0;
}

/** A bare LSP session over stdio with a server started by `cmd` (for unshare and strace): open, diagnostics, exit. */
async function stdioSession(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<PublishDiagnosticsParams> {
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const c: MessageConnection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published = new Promise<PublishDiagnosticsParams>((resolve) => c.onNotification(PublishDiagnosticsNotification.type, resolve));
  c.listen();
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no diagnostics; stderr: ${stderr}`)), 30_000));
    await Promise.race([c.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} }), timeout]);
    await c.sendNotification(InitializedNotification.type, {});
    await c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'untitled:net.md', languageId: 'markdown', version: 1, text: MISSING_CHILDREN } });
    const p = await Promise.race([published, timeout]);
    await c.sendRequest('shutdown');
    await c.sendNotification('exit');
    return p;
  } finally {
    c.dispose();
    const t = setTimeout(() => proc.kill(), 5000);
    await exited;
    clearTimeout(t);
  }
}

describe('hardening: no network', function () {
  this.timeout(120_000);
  before(() => console.log(`      (on this machine: root ${isRoot()}, unshare -n ${canUnshareNet()}, strace ${canStrace()})`));
  after(cleanup);

  it('the preload catches every Node networking API (control)', () => {
    const log = newLog();
    const probe = `
      import net from 'node:net'; import tls from 'node:tls'; import dgram from 'node:dgram'; import dns from 'node:dns';
      import http from 'node:http'; import https from 'node:https'; import http2 from 'node:http2';
      import { Worker } from 'node:worker_threads';
      const tries = {
        'net.connect': () => net.connect(9, '127.0.0.1'),
        'net.createConnection': () => net.createConnection({ port: 9 }),
        'net.Socket#connect': () => new net.Socket().connect(9, '127.0.0.1'),
        'net.Server#listen': () => net.createServer().listen(0),
        'tls.connect': () => tls.connect(443, 'example.org'),
        'dgram.createSocket': () => dgram.createSocket('udp4'),
        'dns.lookup': () => dns.lookup('example.org', () => {}),
        'http.get': () => http.get('http://example.org/'),
        'https.request': () => https.request('https://example.org/'),
        'http2.connect': () => http2.connect('https://example.org'),
      };
      for (const f of Object.values(tries)) { try { f(); } catch {} }
      await dns.promises.resolve4('example.org').catch(() => {});
      await fetch('https://example.org/').catch(() => {});
      await new Promise((resolve) => { const w = new Worker("fetch('https://example.org/').catch(() => {}).finally(() => process.exit(0))", { eval: true }); w.on('exit', resolve); });
    `;
    const r = spawnSync(process.execPath, ['--import', NO_NETWORK, '--input-type=module', '-e', probe], { env: { ...process.env, PRIVACY_LINT_NET_LOG: log }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const apis = new Set(readLog(log).filter((e) => e.event === 'blocked').map((e) => e.api));
    for (const api of ['net.connect', 'net.createConnection', 'net.Socket#connect', 'net.Server#listen', 'tls.connect', 'dgram.createSocket', 'dns.lookup', 'dns.promises.resolve4', 'http.get', 'https.request', 'http2.connect', 'fetch']) {
      assert.ok(apis.has(api), `${api} is caught (caught: ${[...apis].join(', ')})`);
    }
    assert.ok(readLog(log).some((e) => e.event === 'blocked' && e.api === 'fetch' && e.thread !== 'main'), 'in worker threads too');
    rmSync(join(log, '..'), { recursive: true, force: true });
  });

  it('the engine lints and fixes every own policy without a network call', () => {
    const log = newLog();
    const script = `
      import { readFileSync, readdirSync } from 'node:fs';
      const { Linter, formatForPath, mergeConfig } = await import(${JSON.stringify(`${REPO}out/server/src/engine/index.js`)});
      const dir = ${JSON.stringify(`${REPO}test/corpus/own/`)};
      let n = 0;
      for (const f of readdirSync(dir).filter((f) => /\\.(md|txt)$/.test(f))) {
        const input = { uri: dir + f, text: readFileSync(dir + f, 'utf8'), format: formatForPath(f) };
        const linter = new Linter();
        linter.lint(input, { config: mergeConfig({}) });
        linter.fix(input, { config: mergeConfig({ jurisdictions: ['gdpr', 'ccpa', 'coppa', 'caloppa'] }) });
        n++;
      }
      console.log(n);
    `;
    const r = spawnSync(process.execPath, ['--import', NO_NETWORK, '--input-type=module', '-e', script], { env: { ...process.env, PRIVACY_LINT_NET_LOG: log }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Number(r.stdout) >= 20, r.stdout);
    assertNoNetwork(log, 'engine');
  });

  it('the CLI: lint, --fix, worker threads, every format, standard input: no network call', () => {
    const files: Record<string, string> = { '.privacylintrc.yaml': 'organization:\n  website: https://acme.test\n  email: privacy@acme.test\n' };
    for (let i = 0; i < 6; i++) files[`p${i}.md`] = i % 2 ? GOOD : MISSING_CHILDREN;
    const d = project(files);
    const runs: Array<[string, string[], number, string?]> = [
      ['lint', ['.'], 0],
      ['worker threads', ['--threads', '2', '.'], 2],
      ['sarif', ['--format', 'sarif', '.'], 0],
      ['github', ['--format', 'github', '.'], 0],
      ['json + dry run', ['--format', 'json', '--fix-dry-run', '.'], 0],
      ['--fix', ['--fix', '.'], 0],
      ['stdin', ['--stdin', '--stdin-filename', 'x.md'], 0, MISSING_CHILDREN],
    ];
    for (const [what, args, workers, input] of runs) {
      const log = newLog();
      const r = cli(['--jurisdiction', 'coppa', ...args], d, { node: ['--import', NO_NETWORK], env: { PRIVACY_LINT_NET_LOG: log }, input });
      assertNoStack(r, what);
      assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code} ${r.stderr}`);
      assertNoNetwork(log, `CLI ${what}`, workers);
    }
  });

  it('the language server over stdio: diagnostics, actions, hover, symbols, fix-all, lintWorkspace, config changes: no network call', async () => {
    const log = newLog();
    const d = project({ 'privacy.md': MISSING_CHILDREN, 'policies/terms-privacy.txt': GOOD, '.privacylintrc.json': JSON.stringify({ jurisdictions: ['coppa'] }) });
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${saved ?? ''} --import=${NO_NETWORK}`.trim();
    process.env.PRIVACY_LINT_NET_LOG = log;
    let client: TestClient;
    try {
      client = await TestClient.start({ pull: true, settings: () => ({ debounceMs: 0 }), rootPath: d });
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
      delete process.env.PRIVACY_LINT_NET_LOG;
    }
    try {
      const uri = fileUri(join(d, 'privacy.md'));
      client.open(uri, MISSING_CHILDREN);
      const report = await client.pull(uri);
      assert.equal(report.kind, 'full');
      const items = report.kind === 'full' ? report.items : [];
      assert.ok(items.some((x) => x.code === 'children-age'));
      await client.codeActions(uri, items);
      await client.hover(uri, 0, 2);
      await client.symbols(uri);
      await client.codeLens(uri);
      await client.connection.sendRequest('privacyLint/coverage', { textDocument: { uri } }).catch(() => undefined);
      await client.command('privacyLint.insertClause', [uri, 'children']);
      await client.command('privacyLint.fixAll', [uri]);
      assert.ok((await client.command('privacyLint.lintWorkspace')) as number >= 1);
      client.didChangeConfiguration({ privacyLint: { debounceMs: 0 } });
      client.didChangeWatchedFiles([{ uri: fileUri(join(d, '.privacylintrc.json')), type: 2 }]);
      await client.pull(uri);
    } finally {
      await client.stop();
    }
    assertNoNetwork(log, 'language server (stdio)');
  });

  it('the language server over Node IPC (how VS Code starts it): no network call', async () => {
    const log = newLog();
    const proc = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: ['--import', NO_NETWORK], env: { ...process.env, PRIVACY_LINT_NET_LOG: log } });
    const connection = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, resolve));
    connection.listen();
    try {
      await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'untitled:ipc.md', languageId: 'markdown', version: 1, text: MISSING_CHILDREN } });
      assert.ok((await published).diagnostics.length > 0);
    } finally {
      connection.dispose();
      proc.kill();
    }
    assertNoNetwork(log, 'language server (IPC)');
  });

  it('in a network namespace with no network at all (unshare -n): the CLI and the server work as usual', async function () {
    if (!canUnshareNet()) this.skip(); // needs root or user namespaces; the preload proofs above still hold
    const d = project({ 'a.md': MISSING_CHILDREN, 'b.md': GOOD });
    const plain = cli(['--jurisdiction', 'coppa', '--format', 'json', '.'], d);
    const isolated = cli(['--jurisdiction', 'coppa', '--format', 'json', '.'], d, { wrap: ['unshare', '-n'] });
    assertNoStack(isolated);
    assert.equal(isolated.code, plain.code);
    assert.equal(isolated.stdout, plain.stdout, 'the same report without a network');
    const fixed = cli(['--jurisdiction', 'coppa', '--fix', 'a.md'], d, { wrap: ['unshare', '-n'] });
    assertNoStack(fixed);
    assert.match(readFileSync(join(d, 'a.md'), 'utf8'), /Children's Privacy/);
    const p = await stdioSession('unshare', ['-n', process.execPath, SERVER, '--stdio']);
    assert.ok(p.diagnostics.some((x) => x.code === 'children-age'), 'the server lints inside the namespace');
  });

  it('strace: no socket, connect, bind or listen system call from the CLI (with workers) or the server', async function () {
    if (!canStrace()) this.skip(); // strace missing or ptrace not permitted here; the preload and namespace proofs stand
    const dir = mkdtempSync(join(tmpdir(), 'privacy-lint-strace-'));
    const d = project({ 'a.md': MISSING_CHILDREN, 'b.md': GOOD, 'c.md': GOOD });
    const trace = (name: string) => ['-f', '-qq', '-e', 'trace=socket,socketpair,connect,bind,listen,accept,accept4', '-o', join(dir, name)];
    // Control: the same tracing sees a connection attempt when there is one.
    spawnSync('strace', [...trace('control'), process.execPath, '-e', "require('net').connect(9, '127.0.0.1').on('error', () => {})"]);
    assert.match(readFileSync(join(dir, 'control'), 'utf8'), /\bsocket\(AF_INET[\s\S]*\bconnect\(/, 'strace records socket() and connect()');
    rmSync(join(dir, 'control'));
    const r = cli(['--jurisdiction', 'coppa', '--threads', '2', '--fix', '.'], d, { wrap: ['strace', ...trace('cli')] });
    assertNoStack(r);
    await stdioSession('strace', [...trace('server'), process.execPath, SERVER, '--stdio']);
    for (const f of readdirSync(dir)) {
      const calls = readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => /\b(socket|socketpair|connect|bind|listen|accept4?)\(/.test(l));
      assert.deepEqual(calls, [], `${f}: no socket system calls`);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
