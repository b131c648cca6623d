// Owns the language client: starts dist/server.cjs over IPC when the first policy is open, rebuilds it
// when `privacyLint.files` or the workspace folders change (the document selector is fixed per client),
// and turns server crashes into a visible state and message instead of silence.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  LSPErrorCodes,
  ResponseError,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { policySelector, type PolicyFilter } from './policy-files.js';
import { SECTION, ServerCommand } from './protocol.js';

export type ServerState = 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';

/** Crashes tolerated within CRASH_WINDOW_MS before the server is left stopped (as the default handler). */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

export class PolicyServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private clientDisposables: vscode.Disposable[] = [];
  private starting: Promise<LanguageClient | undefined> | undefined;
  /** Serialises start, stop and restart so two triggers never race on one client. */
  private queue: Promise<unknown> = Promise.resolve();
  private filters: PolicyFilter[] = [];
  private codeSelector: vscode.DocumentFilter[] = [];
  private stateValue: ServerState = 'stopped';
  private lastError: string | undefined;
  private disposed = false;
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.refreshSelector();
  }

  get state(): ServerState {
    return this.stateValue;
  }

  /** Why the server is not running, when it failed. */
  get failure(): string | undefined {
    return this.lastError;
  }

  /** The running client, or undefined. */
  get running(): LanguageClient | undefined {
    return this.stateValue === 'running' && this.client?.state === State.Running ? this.client : undefined;
  }

  /** Whether the server lints this document (its selector matches). */
  matches(document: vscode.TextDocument): boolean {
    return vscode.languages.match(this.codeSelector, document) > 0;
  }

  /** The running client, starting the server first if needed; undefined (with a message shown) if it cannot start. */
  ensureStarted(): Promise<LanguageClient | undefined> {
    if (this.running) return Promise.resolve(this.running);
    if (this.starting) return this.starting;
    const p = this.enqueue(() => this.start());
    this.starting = p;
    void p.finally(() => {
      if (this.starting === p) this.starting = undefined;
    });
    return p;
  }

  /** Stops the server and starts a fresh one (also after it gave up on crashes). */
  restart(): Promise<LanguageClient | undefined> {
    const p = this.enqueue(async () => {
      await this.stop();
      return this.start();
    });
    this.starting = p;
    void p.finally(() => {
      if (this.starting === p) this.starting = undefined;
    });
    return p;
  }

  /**
   * Re-reads `privacyLint.files` for every folder. A running server restarts when the selector changed,
   * since a client's selector is fixed; a stopped one starts later, when a matching document opens.
   */
  async selectorChanged(): Promise<void> {
    const before = JSON.stringify(this.filters);
    this.refreshSelector();
    if (JSON.stringify(this.filters) === before) return;
    this.output.info(`policy files changed; selector: ${JSON.stringify(this.filters)}`);
    if (this.client) await this.restart();
  }

  /**
   * Sends workspace/executeCommand to the server (starting it if needed). The server refuses to edit a
   * document it has not caught up with (ContentModified) while typing is being debounced: retry then.
   */
  async executeServerCommand(command: string, args: unknown[]): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.ensureStarted();
      if (!client) throw new Error('the privacy-lint server is not running');
      try {
        return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
      } catch (e) {
        if (!(e instanceof ResponseError && e.code === LSPErrorCodes.ContentModified) || attempt >= 5) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.enqueue(() => this.stop());
    this.stateEmitter.dispose();
  }

  private refreshSelector(): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
      uri: f.uri.toString(),
      files: vscode.workspace.getConfiguration(SECTION, f.uri).get<unknown>('files'),
    }));
    this.filters = policySelector(folders, vscode.workspace.getConfiguration(SECTION).get<unknown>('files'));
    this.codeSelector = this.filters.map((f) => ({
      language: f.language,
      ...(f.scheme ? { scheme: f.scheme } : {}),
      ...(typeof f.pattern === 'string'
        ? { pattern: f.pattern }
        : f.pattern
          ? { pattern: new vscode.RelativePattern(vscode.Uri.parse(f.pattern.baseUri), f.pattern.pattern) }
          : {}),
    }));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private setState(state: ServerState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.stateEmitter.fire(state);
  }

  private async start(): Promise<LanguageClient | undefined> {
    if (this.disposed) return undefined;
    if (this.running) return this.running;
    if (this.client && this.stateValue === 'restarting') {
      // vscode-languageclient is restarting it after a crash: join that start instead of a second server.
      try {
        await this.client.start();
        return this.client;
      } catch {
        // fall through to a fresh client
      }
    }
    // A client left stopped (it gave up after crashes, or failed to start) is replaced, not revived.
    if (this.client) await this.stop();
    const module = this.context.asAbsolutePath('dist/server.cjs');
    if (!fs.existsSync(module)) {
      this.fail(`the server bundle ${module} is missing; rebuild the extension (npm run package)`);
      return undefined;
    }
    const client = this.createClient(module);
    this.client = client;
    this.lastError = undefined;
    this.setState('starting');
    try {
      await client.start();
      this.setState('running');
      this.output.info(`server started; documents: ${JSON.stringify(this.filters)}`);
      return client;
    } catch (e) {
      // vscode-languageclient has already shown "couldn't create connection to server": one toast is
      // enough; the status bar keeps the failure visible and offers the restart.
      this.fail(`the language server did not start (${e instanceof Error ? e.message : String(e)})`, false);
      await this.stop();
      return undefined;
    }
  }

  private async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (client) {
      // dispose() throws when the client never got running; there is nothing more to stop then.
      await client.dispose(2000).catch(() => undefined);
    }
    if (this.stateValue !== 'failed') this.setState('stopped');
  }

  private fail(message: string, notify = true): void {
    this.lastError = message;
    this.output.error(message);
    this.setState('failed');
    if (!notify) return;
    void vscode.window.showErrorMessage(`privacy-lint: ${message}`, 'Show Output').then((pick) => {
      if (pick) this.output.show(true);
    });
  }

  private createClient(module: string): LanguageClient {
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc },
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/.privacylintrc.{json,yaml,yml}');
    this.clientDisposables.push(watcher);
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.filters,
      synchronize: { configurationSection: SECTION, fileEvents: watcher },
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: this.crashHandler(),
      initializationFailedHandler: (error) => {
        this.output.error(`initialize failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
        return false;
      },
      markdown: { isTrusted: false, supportHtml: false },
    };
    const client = new LanguageClient('privacyLint', 'privacy-lint', serverOptions, clientOptions);
    ownServerCommands(client);
    this.clientDisposables.push(
      client.onDidChangeState((e) => {
        // Only the automatic restart after a crash passes through Starting on its own.
        if (this.client !== client) return;
        if (e.newState === State.Running) this.setState('running');
        else if (e.newState === State.Starting && this.stateValue === 'running') this.setState('restarting');
      }),
    );
    return client;
  }

  /** Restarts after a crash like the default handler, but says so on screen and in the status bar. */
  private crashHandler(): ErrorHandler {
    let crashes: number[] = [];
    return {
      error: (_error, _message, count): ErrorHandlerResult =>
        count !== undefined && count <= 3 ? { action: ErrorAction.Continue } : { action: ErrorAction.Shutdown },
      closed: (): CloseHandlerResult => {
        // Dying before the first initialize answer is a start failure, which start() reports; restarting
        // a server that cannot start only repeats the failure.
        if (this.stateValue === 'starting') return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        crashes = [...crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
        if (crashes.length <= MAX_RESTARTS) {
          const msg = `the language server stopped unexpectedly and was restarted (${crashes.length} of ${MAX_RESTARTS} restarts allowed in 3 minutes)`;
          this.output.warn(msg);
          this.setState('restarting');
          void vscode.window.showWarningMessage(`privacy-lint: ${msg}.`, 'Show Output').then((pick) => {
            if (pick) this.output.show(true);
          });
          return { action: CloseAction.Restart, handled: true };
        }
        const msg = `the language server crashed ${crashes.length} times in 3 minutes and was not restarted`;
        this.lastError = msg;
        this.output.error(msg);
        this.setState('failed');
        void vscode.window.showErrorMessage(`privacy-lint: ${msg}.`, 'Restart Server', 'Show Output').then((pick) => {
          if (pick === 'Restart Server') void this.restart();
          else if (pick === 'Show Output') this.output.show(true);
        });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }
}

/**
 * The server advertises its commands (executeCommandProvider), and vscode-languageclient would register
 * a VS Code command for each. The client already registers the palette commands with the same ids
 * (they ask for input, then send workspace/executeCommand themselves), and registering an id twice
 * throws; so the client keeps those and lets the language client register only the others.
 */
function ownServerCommands(client: LanguageClient): void {
  const owned = new Set<string>(Object.values(ServerCommand));
  const feature = client.getFeature(ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  feature.register = (data) =>
    register({
      ...data,
      registerOptions: { ...data.registerOptions, commands: data.registerOptions.commands.filter((c) => !owned.has(c)) },
    });
}
