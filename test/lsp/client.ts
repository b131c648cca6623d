// A scripted LSP client for the tests: starts the real server (out/server/src/lsp/server.js --stdio) as a
// child process and talks JSON-RPC to it with vscode-languageserver-protocol, as an editor would. It keeps
// its own copy of each open document, answers the server's requests (configuration, applyEdit,
// registerCapability, refresh, progress) and records what the server sends.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeLensRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinCatalogue } from '../../server/src/engine/index.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SERVER = fileURLToPath(new URL('../../server/src/lsp/server.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/lsp/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

let scratch: string | null = null;
/** A copy of a fixture in a temporary folder (no .privacylintrc.* above it), as a file URI. */
export function fixtureUri(name: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'privacy-lint-lsp-'));
  const path = join(scratch, name);
  if (!existsSync(path)) writeFileSync(path, fixture(name));
  return fileUri(path);
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export interface ClientOptions {
  /** Advertise textDocument.diagnostic (pull model). */
  pull?: boolean;
  /** Answer workspace/configuration with this (per scopeUri); undefined: do not advertise configuration. */
  settings?: (scopeUri: string | undefined) => unknown;
  rootPath?: string;
  initializationOptions?: unknown;
  /** Advertise codeAction resolveSupport for `edit`. */
  resolveEdits?: boolean;
  documentChanges?: boolean;
  /** Extra arguments for node before the server script (e.g. --expose-gc for memory measurements). */
  nodeArgs?: string[];
}

export class TestClient {
  readonly connection: MessageConnection;
  readonly docs = new Map<string, TextDocument>();
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: string[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  readonly configurationRequests: Array<string | undefined> = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  refreshes = 0;
  stderr = '';
  private waiters: Array<() => void> = [];
  exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcess,
    readonly options: ClientOptions,
  ) {
    this.connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.wake();
    });
    c.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p.message);
      this.wake();
    });
    c.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    c.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((item) => {
        this.configurationRequests.push(item.scopeUri);
        return item.section === 'privacyLint' && this.options.settings ? (this.options.settings(item.scopeUri) ?? null) : null;
      }),
    );
    c.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
      this.wake();
    });
    c.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.wake();
      return null;
    });
    c.onRequest('workspace/codeLens/refresh', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onNotification('$/progress', () => undefined);
    c.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      this.appliedEdits.push(p.edit);
      this.applyWorkspaceEdit(p.edit);
      this.wake();
      return { applied: true };
    });
    c.listen();
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new TestClient(proc, options);
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: !!options.settings,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: options.documentChanges ?? true },
        workspaceFolders: true,
        applyEdit: true,
        diagnostics: options.pull ? { refreshSupport: true } : undefined,
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
          isPreferredSupport: true,
          dataSupport: true,
          ...(options.resolveEdits ? { resolveSupport: { properties: ['edit'] } } : {}),
        },
        codeLens: {},
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      window: { workDoneProgress: true },
    };
    const root = options.rootPath ? fileUri(options.rootPath) : null;
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: root ? [{ uri: root, name: 'root' }] : null,
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `check` returns a value (checked after every message from the server). */
  async until<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== false) return v as T;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}\nserver stderr: ${this.stderr}\nlogs:\n${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The next publishDiagnostics for `uri` at `version` (or any version) after `from` messages. */
  async diagnosticsFor(uri: string, version?: number, from = 0): Promise<Diagnostic[]> {
    const p = await this.until(
      () => this.published.slice(from).find((x) => x.uri === uri && (version === undefined || x.version === version)),
      `diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`,
    );
    return p.diagnostics;
  }

  open(uri: string, text: string, languageId = 'markdown'): TextDocument {
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.docs.set(uri, doc);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  /** Sends an incremental change; returns the new version. */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const doc = this.docs.get(uri)!;
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.docs.set(uri, next);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: next.version }, contentChanges: changes });
    return next.version;
  }

  /** Replaces the whole text through an incremental change covering the document. */
  replaceAll(uri: string, text: string): number {
    const doc = this.docs.get(uri)!;
    return this.change(uri, [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, text }]);
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  /** Applies a WorkspaceEdit to the client's copy and tells the server, as an editor does. */
  applyWorkspaceEdit(edit: WorkspaceEdit): void {
    const byUri = new Map<string, TextEdit[]>();
    for (const dc of edit.documentChanges ?? []) {
      if ('textDocument' in dc) {
        const doc = this.docs.get(dc.textDocument.uri);
        if (doc && dc.textDocument.version !== null && dc.textDocument.version !== doc.version) throw new Error(`edit for version ${dc.textDocument.version}, document is at ${doc.version}`);
        byUri.set(dc.textDocument.uri, [...(byUri.get(dc.textDocument.uri) ?? []), ...(dc.edits as TextEdit[])]);
      }
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
    for (const [uri, edits] of byUri) {
      const doc = this.docs.get(uri);
      if (!doc) throw new Error(`edit for a document that is not open: ${uri}`);
      this.replaceAll(uri, TextDocument.applyEdits(doc, edits));
    }
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
  }

  codeActions(uri: string, diagnostics: Diagnostic[], range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, only?: string[]) {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<CodeAction[]>;
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.connection.sendRequest(CodeActionResolveRequest.type, action);
  }

  hover(uri: string, line: number, character: number) {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  symbols(uri: string) {
    return this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  }

  codeLens(uri: string) {
    return this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  }

  command(command: string, args: unknown[] = []) {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  didChangeConfiguration(settings: unknown = null): void {
    void this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  didChangeWatchedFiles(changes: Array<{ uri: string; type: 1 | 2 | 3 }>): void {
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.proc.kill(), 3000);
    await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** True when every character of `a` appears in `b` in order (no text lost by an insert-only edit). */
export function isSubsequence(a: string, b: string): boolean {
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    j = b.indexOf(a[i]!, j);
    if (j === -1) return false;
    j++;
  }
  return true;
}

/**
 * Settings that switch off every rule but `ids`, so a test sees exactly the rules it is about while
 * the catalogue grows.
 */
export function onlyRules(...ids: string[]): Record<string, string> {
  return Object.fromEntries(builtinCatalogue().rules.filter((r) => !ids.includes(r.id)).map((r) => [r.id, 'off']));
}

export function ruleIds(diagnostics: Diagnostic[]): string[] {
  return [...new Set(diagnostics.map((d) => String(d.code)))].sort();
}
