// The status-bar item: the active policy's coverage ("14/19 disclosures · GDPR 11/13"), refreshed when
// the editor or its diagnostics change; the server's state when it is not running. Click: the matrix.

import * as vscode from 'vscode';
import { isCoverageResult, statusText, tooltipMarkdown, type ClientCatalogue, type CoverageResult } from './coverage-view.js';
import type { PolicyServer } from './language-client.js';
import { ClientCommand, CoverageRequest, SECTION } from './protocol.js';

const REFRESH_DELAY_MS = 150;

export class CoverageStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('privacyLint.coverage', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  /** Last coverage per document, shown while a fresh one is on its way. */
  private readonly last = new Map<string, CoverageResult>();

  constructor(
    private readonly server: PolicyServer,
    private readonly catalogue: ClientCatalogue,
  ) {
    this.item.name = 'privacy-lint coverage';
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.schedule(REFRESH_DELAY_MS);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.schedule(REFRESH_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.last.delete(d.uri.toString())),
      server.onDidChangeState(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  /** Refreshes soon; callers that just changed something can call this too. */
  schedule(delayMs = REFRESH_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.pending?.cancel();
    for (const d of this.subscriptions) d.dispose();
  }

  private async refresh(): Promise<void> {
    this.pending?.cancel();
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.server.matches(document) || !vscode.workspace.getConfiguration(SECTION, document).get<boolean>('enable', true)) {
      this.item.hide();
      return;
    }
    const state = this.server.state;
    if (state === 'failed') {
      this.show('$(error) privacy-lint', `The privacy-lint server is not running${this.server.failure ? `: ${this.server.failure}` : ''}. Click to restart it.`, ClientCommand.restartServer);
      return;
    }
    const client = this.server.running;
    if (!client) {
      const previous = this.last.get(document.uri.toString());
      this.show(`$(sync~spin) ${previous ? previous.summary : 'privacy-lint'}`, state === 'restarting' ? 'The privacy-lint server is restarting…' : 'privacy-lint is starting…', ClientCommand.showOutput);
      return;
    }
    const cts = new vscode.CancellationTokenSource();
    this.pending = cts;
    try {
      const result = await client.sendRequest(CoverageRequest, { uri: document.uri.toString() }, cts.token);
      if (cts.token.isCancellationRequested) return;
      if (!isCoverageResult(result)) {
        this.item.hide();
        return;
      }
      this.last.set(document.uri.toString(), result);
      this.show(statusText(result), new vscode.MarkdownString(tooltipMarkdown(result, vscode.workspace.asRelativePath(document.uri), this.catalogue.topics)), ClientCommand.showCoverage);
    } catch (e) {
      if (cts.token.isCancellationRequested) return;
      this.server.output.warn(`coverage for ${document.uri.toString()} failed: ${e instanceof Error ? e.message : String(e)}`);
      const previous = this.last.get(document.uri.toString());
      this.show(`$(warning) ${previous ? previous.summary : 'privacy-lint'}`, 'Coverage is unavailable right now; see the privacy-lint output.', ClientCommand.showOutput);
    } finally {
      if (this.pending === cts) this.pending = undefined;
      cts.dispose();
    }
  }

  private show(text: string, tooltip: string | vscode.MarkdownString, command: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.show();
  }
}
