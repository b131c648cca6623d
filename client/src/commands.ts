// The extension's commands. Those that change text ask the server (workspace/executeCommand), which
// computes the clause with the engine and applies it through workspace/applyEdit; the client only
// asks for input, picks the document, and shows where the text landed.

import * as vscode from 'vscode';
import type { WorkspaceEdit } from 'vscode-languageclient';
import { clauseChoices, coverageRows, isCoverageResult, type ClientCatalogue, type CoverageResult } from './coverage-view.js';
import type { PolicyServer } from './language-client.js';
import { ClientCommand, CoverageRequest, ServerCommand } from './protocol.js';

type Refresh = () => void;

export function registerCommands(server: PolicyServer, catalogue: ClientCatalogue, refreshStatus: Refresh): vscode.Disposable[] {
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      try {
        await fn(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        server.output.error(`${name}: ${message}`);
        void vscode.window.showErrorMessage(`privacy-lint: ${name} failed: ${message}`, 'Show Output').then((pick) => {
          if (pick) server.output.show(true);
        });
      }
    };

  const insertClause = async (uriArg?: unknown, ruleArg?: unknown) => {
    const document = await policyDocument(server, uriArg);
    if (!document) return;
    let rule = typeof ruleArg === 'string' && ruleArg ? ruleArg : undefined;
    if (!rule) {
      rule = await pickClause(server, catalogue, document);
      if (!rule) return;
    }
    const changed = await runEditingCommand(server, document, ServerCommand.insertClause, [document.uri.toString(), rule]);
    if (!changed) void vscode.window.showInformationMessage(`privacy-lint: there is no clause to insert for "${rule}" in this policy.`);
    refreshStatus();
  };

  const fixAll = async (uriArg?: unknown) => {
    const document = await policyDocument(server, uriArg);
    if (!document) return;
    const changed = await runEditingCommand(server, document, ServerCommand.fixAll, [document.uri.toString()]);
    if (!changed) void vscode.window.showInformationMessage('privacy-lint: no fixes to apply.');
    refreshStatus();
  };

  const lintWorkspace = async () => {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'privacy-lint: linting the workspace policies…' },
      () => server.executeServerCommand(ServerCommand.lintWorkspace, []),
    );
    // The server answers how many policy files it linted besides the open ones.
    if (typeof result === 'number') {
      server.output.info(`lint workspace: ${result} closed policy file(s) linted`);
      vscode.window.setStatusBarMessage(`privacy-lint: linted ${result} policy file${result === 1 ? '' : 's'} besides the open ones`, 5000);
    }
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  };

  const showCoverage = async (uriArg?: unknown) => {
    const document = await policyDocument(server, uriArg);
    if (!document) return;
    const coverage = await fetchCoverage(server, document);
    if (!coverage) {
      void vscode.window.showInformationMessage('privacy-lint does not lint this document (privacyLint.enable is off for it).');
      return;
    }
    type Item = vscode.QuickPickItem & { rule?: string; line?: number };
    const items: Item[] = [];
    for (const row of coverageRows(coverage, catalogue)) {
      // Separators show their label only and crowd the row beside them: the law's reason is in the tooltip.
      if (row.kind === 'law' || row.kind === 'covered-header') items.push({ label: row.label, kind: vscode.QuickPickItemKind.Separator });
      else items.push({ label: row.label, description: row.description, detail: row.detail, rule: row.clauseRule, line: row.line });
    }
    if (!items.length) {
      void vscode.window.showInformationMessage(`privacy-lint: ${coverage.summary}. No law applies yet: set privacyLint.jurisdictions, or name the laws in the policy.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(items, {
      title: `Coverage: ${coverage.summary}`,
      placeHolder: 'Missing disclosures by law (pick one to insert its clause), then covered ones (pick one to see where)',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (pick?.rule) await insertClause(document.uri, pick.rule);
    else if (pick?.line !== undefined) {
      const at = new vscode.Position(pick.line, 0);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
    }
  };

  return [
    vscode.commands.registerCommand(ServerCommand.insertClause, guard('Insert clause', insertClause)),
    vscode.commands.registerCommand(ServerCommand.fixAll, guard('Fix all', fixAll)),
    vscode.commands.registerCommand(ServerCommand.lintWorkspace, guard('Lint workspace', lintWorkspace)),
    vscode.commands.registerCommand(ClientCommand.showCoverage, guard('Show coverage', showCoverage)),
    vscode.commands.registerCommand(
      ClientCommand.restartServer,
      guard('Restart server', async () => {
        await server.restart();
      }),
    ),
    vscode.commands.registerCommand(ClientCommand.showOutput, () => server.output.show(true)),
  ];
}

/** The document a command works on: its uri argument, else the active editor's; it must be a policy. */
async function policyDocument(server: PolicyServer, uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  let document: vscode.TextDocument | undefined;
  if (uriArg instanceof vscode.Uri || typeof uriArg === 'string') {
    const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
    document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  } else {
    document = vscode.window.activeTextEditor?.document;
  }
  if (!document || !server.matches(document)) {
    void vscode.window.showWarningMessage(
      'privacy-lint: open a privacy policy first: a Markdown or text file matching privacyLint.files, or a *.policy.md / *.policy.txt file.',
    );
    return undefined;
  }
  return document;
}

async function fetchCoverage(server: PolicyServer, document: vscode.TextDocument): Promise<CoverageResult | undefined> {
  const client = await server.ensureStarted();
  if (!client) return undefined;
  const result = await client.sendRequest(CoverageRequest, { uri: document.uri.toString() });
  return isCoverageResult(result) ? result : undefined;
}

async function pickClause(server: PolicyServer, catalogue: ClientCatalogue, document: vscode.TextDocument): Promise<string | undefined> {
  if (!catalogue.clauses.length) {
    return vscode.window.showInputBox({ title: 'Insert a clause', prompt: 'Rule id or topic of the clause to insert (e.g. children-age)' });
  }
  const coverage = await fetchCoverage(server, document).catch(() => undefined);
  type Item = vscode.QuickPickItem & { rule: string };
  const items: Item[] = clauseChoices(catalogue.clauses, coverage).map(({ clause, missingFor }) => ({
    label: clause.heading,
    description: missingFor.length ? '$(circle-slash) missing' : coverage ? '$(pass) covered' : undefined,
    detail: missingFor.length ? `${clause.title}: asked for by ${missingFor.join(' · ')}` : clause.title,
    rule: clause.rule,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Insert a clause',
    placeHolder: 'Clause to insert into this policy (missing ones first)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.rule;
}

/**
 * Runs a server command that edits the document and reveals the first change. The server applies its
 * edit through workspace/applyEdit before it answers; an edit returned as the answer is applied here.
 */
async function runEditingCommand(server: PolicyServer, document: vscode.TextDocument, command: string, args: unknown[]): Promise<boolean> {
  const uri = document.uri.toString();
  let first: vscode.Position | undefined;
  let seen: () => void = () => undefined;
  const changed = new Promise<void>((resolve) => (seen = resolve));
  const listener = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.toString() !== uri || !e.contentChanges.length) return;
    for (const c of e.contentChanges) if (!first || c.range.start.isBefore(first)) first = c.range.start;
    seen();
  });
  try {
    const result = await server.executeServerCommand(command, args);
    const client = server.running;
    if (!first && client && isWorkspaceEdit(result)) {
      await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(result));
    }
    // A server that applies the edit without awaiting it answers first; give the edit a moment.
    if (!first) await Promise.race([changed, new Promise((r) => setTimeout(r, 750))]);
  } finally {
    listener.dispose();
  }
  if (!first) return false;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri) ?? (await vscode.window.showTextDocument(document));
  let line = first.line;
  while (line < editor.document.lineCount - 1 && line - first.line < 3 && editor.document.lineAt(line).isEmptyOrWhitespace) line++;
  const at = new vscode.Position(line, 0);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

function isWorkspaceEdit(value: unknown): value is WorkspaceEdit {
  return !!value && typeof value === 'object' && ('changes' in value || 'documentChanges' in value);
}
