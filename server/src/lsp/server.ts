// privacy-lint language server: wires the connection to the features (diagnostics, code actions, hover,
// symbols, code lens, commands, settings) and does nothing else. Runs over stdio (`--stdio`, the default
// for other editors) or Node IPC (`--node-ipc`, how the VS Code client starts its bundled copy).
// No network access and no telemetry: the server reads the documents it is sent and config files only.

import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  createConnection,
  type CancellationToken,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { CodeActionsFeature, FIX_ALL_KIND } from './code-actions.js';
import { CodeLensFeature, CoverageRequest } from './code-lens.js';
import { COMMANDS, CommandsFeature } from './commands.js';
import { DiagnosticsFeature } from './diagnostics.js';
import { PolicyDocuments } from './documents.js';
import { HoverFeature } from './hover.js';
import { packageVersion } from './package-root.js';
import { Settings, errorText } from './settings.js';
import { SymbolsFeature } from './symbols.js';
import { CONFIG_NAMES } from '../node/config-files.js';

const CONFIG_GLOB = '**/.privacylintrc.{json,yaml,yml}';

/** privacyLint/stats: process.memoryUsage() of the server plus how many documents it holds. */
const StatsRequest = 'privacyLint/stats';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

const HELP = `Usage: privacy-lint-server [--stdio | --node-ipc | --socket=<port> | --pipe=<name>]

The privacy-lint language server (LSP 3.17). With no option it talks LSP over stdin/stdout.
Editors start it themselves; see the README for Neovim, Helix and Emacs set-ups.
`;

export function startServer(connection: Connection): void {
  const caps = {
    pull: false,
    configuration: false,
    watchDynamic: false,
    configDynamic: false,
    documentChanges: false,
    resolveEdit: false,
    markdown: true,
    hierarchical: false,
    workspaceFolders: false,
    progress: false,
    codeLensRefresh: false,
  };
  let initialFolders: string[] = [];
  const settings = new Settings(connection, {
    get configuration() {
      return caps.configuration;
    },
  });
  const docs = new PolicyDocuments(connection, settings);
  // Features are created after initialize, when the client's capabilities are known.
  let diagnostics!: DiagnosticsFeature;
  let codeActions!: CodeActionsFeature;
  let hover!: HoverFeature;
  let symbols!: SymbolsFeature;
  let codeLens!: CodeLensFeature;
  let commands!: CommandsFeature;

  /** Requests: log and answer `fallback` on an unexpected error; ResponseErrors go to the client as they are. */
  function guard<P, R>(name: string, fallback: R, fn: (p: P, token: CancellationToken) => Promise<R> | R) {
    return async (params: P, token: CancellationToken): Promise<R> => {
      // A request the client cancelled while it waited in the queue (editors cancel hovers and code
      // actions a keystroke made stale) is answered at once, without linting for it.
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      try {
        return await fn(params, token);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`privacy-lint: ${name} failed: ${errorText(e)}`);
        return fallback;
      }
    };
  }
  /** Notifications: log and carry on. */
  function safely<P>(name: string, fn: (p: P) => void) {
    return (params: P) => {
      try {
        fn(params);
      } catch (e) {
        connection.console.error(`privacy-lint: ${name} failed: ${errorText(e)}`);
      }
    };
  }

  connection.onInitialize((params): InitializeResult => {
    const c = params.capabilities ?? {};
    caps.pull = !!c.textDocument?.diagnostic;
    caps.configuration = !!c.workspace?.configuration;
    caps.watchDynamic = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    caps.configDynamic = !!c.workspace?.didChangeConfiguration?.dynamicRegistration;
    caps.documentChanges = !!c.workspace?.workspaceEdit?.documentChanges;
    caps.resolveEdit = !!c.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit');
    const formats = c.textDocument?.hover?.contentFormat;
    caps.markdown = !formats || formats.includes('markdown');
    caps.hierarchical = !!c.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
    caps.workspaceFolders = !!c.workspace?.workspaceFolders;
    caps.progress = !!c.window?.workDoneProgress;
    caps.codeLensRefresh = !!c.workspace?.codeLens?.refreshSupport;
    initialFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    settings.setPushed(params.initializationOptions);

    diagnostics = new DiagnosticsFeature(connection, docs, settings, { pull: caps.pull });
    codeActions = new CodeActionsFeature(connection, docs, caps);
    hover = new HoverFeature(docs, caps.markdown);
    symbols = new SymbolsFeature(docs, caps.hierarchical);
    codeLens = new CodeLensFeature(docs);
    commands = new CommandsFeature(connection, docs, settings, diagnostics, codeActions, caps, () => initialFolders);

    const literal = !!c.textDocument?.codeAction?.codeActionLiteralSupport;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: literal ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true } : true,
        hoverProvider: true,
        documentSymbolProvider: { label: 'privacy-lint' },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        ...(caps.pull ? { diagnosticProvider: { identifier: 'privacy-lint', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'privacy-lint', version: packageVersion() },
    };
  });

  connection.onInitialized(() => {
    if (caps.configDynamic) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'privacyLint' }).catch((e) => connection.console.warn(`registering didChangeConfiguration: ${errorText(e)}`));
    }
    if (caps.watchDynamic) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_GLOB }] })
        .catch((e) => connection.console.warn(`registering a watcher for ${CONFIG_GLOB}: ${errorText(e)}`));
    }
  });

  /** Settings or a config file changed: recompute everything open. */
  function configChanged(why: string) {
    connection.console.log(`privacy-lint: ${why}; re-linting open documents`);
    settings.invalidateAll();
    docs.invalidateSnapshots();
    diagnostics?.refreshAll();
    if (caps.codeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  connection.onDidChangeConfiguration(
    safely('didChangeConfiguration', (params) => {
      settings.setPushed(params?.settings);
      configChanged('settings changed');
    }),
  );
  connection.onDidChangeWatchedFiles(
    safely('didChangeWatchedFiles', (params) => {
      const ours = (params?.changes ?? []).filter((ch) => typeof ch?.uri === 'string' && CONFIG_NAMES.includes(basename(uriPath(ch.uri))));
      if (ours.length) configChanged(`${ours.map((ch) => basename(uriPath(ch.uri))).join(', ')} changed on disk`);
    }),
  );

  // Document sync. onDidOpen fires just before onDidChangeContent for the same open: skip that one.
  let opening: string | null = null;
  docs.documents.onDidOpen(
    safely('didOpen', (e) => {
      // A second didOpen without a didClose replaces the text: forget everything about the old one.
      docs.drop(e.document.uri);
      opening = e.document.uri;
      diagnostics.onOpen(e.document.uri);
    }),
  );
  docs.documents.onDidChangeContent(
    safely('didChange', (e) => {
      if (opening === e.document.uri) {
        opening = null;
        return;
      }
      diagnostics.onChange(e.document.uri);
    }),
  );
  docs.documents.onDidClose(
    safely('didClose', (e) => {
      docs.drop(e.document.uri);
      diagnostics.onClose(e.document.uri);
    }),
  );
  docs.documents.listen(connection);

  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, (params, token) => diagnostics.pull(params, token)),
  );
  connection.onCodeAction(guard('textDocument/codeAction', [], (params, token) => codeActions.provide(params, token)));
  connection.onCodeActionResolve(async (action) => {
    try {
      return await codeActions.resolve(action);
    } catch (e) {
      connection.console.error(`privacy-lint: codeAction/resolve failed: ${errorText(e)}`);
      return action;
    }
  });
  connection.onHover(guard('textDocument/hover', null, (params, token) => hover.provide(params, token)));
  connection.onDocumentSymbol(guard('textDocument/documentSymbol', [], (params, token) => symbols.provide(params, token)));
  connection.onCodeLens(guard('textDocument/codeLens', [], (params, token) => codeLens.provide(params, token)));
  connection.onRequest(CoverageRequest, guard('privacyLint/coverage', null, (params) => codeLens.coverage(params)));
  // Memory and open documents, for load tests and for anyone wondering what the server holds.
  // With { gc: true } and a server started under --expose-gc, a full collection runs first, so heapUsed
  // says what is live rather than what the collector has not reached yet.
  connection.onRequest(StatsRequest, (params: { gc?: boolean } | undefined) => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (params?.gc && gc) gc();
    return { ...process.memoryUsage(), ...docs.counts() };
  });
  connection.onExecuteCommand(async (params, token) => {
    try {
      return await commands.execute(params, token);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      connection.console.error(`privacy-lint: ${params?.command} failed: ${errorText(e)}`);
      throw new ResponseError(ErrorCodes.InternalError, `privacy-lint: ${params?.command} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  connection.listen();
}

function uriPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  // A server lives as long as the editor and holds every open policy: keep V8's young generation at its
  // initial 1 MB semi-spaces instead of letting a burst of linting grow them to 16 MB each, which stays
  // committed. Measured with twenty open ~30 KB policies: ~140 MB RSS before, ~110 MB after, lint time
  // unchanged within noise. (The one V8 size flag read after start-up; the CLI keeps V8's defaults.)
  setFlagsFromString('--semi-space-growth-factor=1');
  // Editors other than VS Code usually just run the command: talk over stdio unless told otherwise.
  if (!argv.some((a) => TRANSPORTS.includes(a.split('=')[0]!))) process.argv.push('--stdio');
  // An unexpected error must not end the server while an editor depends on it: log it and carry on.
  process.on('unhandledRejection', (e) => console.error(`privacy-lint: unhandled rejection: ${errorText(e)}`));
  process.on('uncaughtException', (e) => console.error(`privacy-lint: uncaught exception: ${errorText(e)}`));
  startServer(createConnection(ProposedFeatures.all));
}

main();
