// Entry point of the VS Code extension. It activates on every Markdown and plain-text file but starts
// the language server (dist/server.cjs, over IPC) only once a policy is open: a document in the
// `privacy-policy` language or one matching `privacyLint.files`. No telemetry, no network.

import * as vscode from 'vscode';
import { registerCommands } from './commands.js';
import type { ClientCatalogue } from './coverage-view.js';
import { PolicyServer } from './language-client.js';
import { SECTION } from './protocol.js';
import { CoverageStatus } from './status-bar.js';

/** Clauses and topic titles from rules/, compiled in by scripts/bundle.mjs. */
declare const PRIVACY_LINT_CATALOGUE: ClientCatalogue | undefined;
const catalogue: ClientCatalogue = typeof PRIVACY_LINT_CATALOGUE === 'undefined' ? { clauses: [], topics: {} } : PRIVACY_LINT_CATALOGUE;

let server: PolicyServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('privacy-lint', { log: true });
  server = new PolicyServer(context, output);
  const policyServer = server;
  const status = new CoverageStatus(policyServer, catalogue);

  const startFor = (document: vscode.TextDocument) => {
    if (policyServer.state === 'stopped' && policyServer.matches(document)) void policyServer.ensureStarted();
  };

  context.subscriptions.push(
    output,
    status,
    ...registerCommands(policyServer, catalogue, () => status.schedule()),
    vscode.workspace.onDidOpenTextDocument(startFor),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.files`)) void policyServer.selectorChanged().then(() => vscode.workspace.textDocuments.forEach(startFor));
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      void policyServer.selectorChanged().then(() => vscode.workspace.textDocuments.forEach(startFor));
    }),
  );
  vscode.workspace.textDocuments.forEach(startFor);
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
