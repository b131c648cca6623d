// Findings → LSP diagnostics, delivered one of two ways and never both for an open document:
// - pull (LSP 3.17 textDocument/diagnostic) when the client advertises it, with resultIds so a re-pull
//   of an unchanged result is answered `unchanged`, and workspace/diagnostic/refresh after config changes;
// - push (textDocument/publishDiagnostics) otherwise, on open at once and on change after a debounce.
// Each diagnostic carries what a code action needs in `data` (rule, deficiency code, document version, fix).

import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type Range,
} from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import type { Finding, PolicyDocument, Severity, Span } from '../engine/index.js';
import type { PolicyDocuments, Snapshot } from './documents.js';
import { ruleDocUri } from './package-root.js';
import { errorText, type ConfigProblem, type Settings } from './settings.js';

export const SOURCE = 'privacy-lint';
/** Diagnostic.code of a problem with the configuration rather than the policy. */
export const CONFIG_CODE = 'invalid-config';
/** Diagnostic.code of the notice that a document is above maxFileSize and was not linted. */
export const TOO_LARGE_CODE = 'too-large';

/** What a code action needs from a diagnostic (cSpell keeps the same in Diagnostic.data). */
export interface DiagnosticData {
  ruleId: string;
  /** Deficiency code, e.g. CHILD-NO-AGE or ABSENT. */
  code: string;
  /** The document version the finding was computed for: edits for any other version are refused. */
  version: number;
  span: [number, number];
  documentLevel?: boolean;
  fix?: { range: [number, number]; text: string; title: string };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function spanRange(doc: PolicyDocument, span: Span): Range {
  return { start: doc.lines.positionAt(span.start), end: doc.lines.positionAt(span.end) };
}

export function findingToDiagnostic(f: Finding, doc: PolicyDocument, uri: string, version: number): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, code: f.code, version, span: [f.span.start, f.span.end] };
  if (f.documentLevel) data.documentLevel = true;
  if (f.fix) data.fix = { range: [f.fix.range[0], f.fix.range[1]], text: f.fix.text, title: f.fix.title };
  const d: Diagnostic = {
    range: spanRange(doc, f.span),
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    code: f.ruleId,
    source: SOURCE,
    message: f.appliesBecause ? `${f.message}\n${f.appliesBecause}` : f.message,
    data,
  };
  const href = ruleDocUri(f.ruleId);
  if (href) d.codeDescription = { href };
  const related: DiagnosticRelatedInformation[] = [];
  for (const ev of f.evidence ?? []) {
    if (related.length >= 8) break;
    related.push({ location: { uri, range: spanRange(doc, ev) }, message: `Related: "${excerpt(doc.text, ev)}"` });
  }
  if (related.length) d.relatedInformation = related;
  return d;
}

function excerpt(text: string, span: Span): string {
  const s = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

export function configProblemDiagnostics(problems: ConfigProblem[], firstLineLength: number): Diagnostic[] {
  return problems
    .filter((p) => p.file)
    .map((p) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineLength } },
      severity: DiagnosticSeverity.Error,
      code: CONFIG_CODE,
      source: SOURCE,
      message: `Invalid privacy-lint config, ignored until fixed: ${p.message}`,
      relatedInformation: [
        { location: { uri: pathToFileURL(p.file!).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: 'the config file' },
      ],
    }));
}

export interface DiagnosticsOptions {
  /** The client advertised textDocument.diagnostic: serve pulls, do not push for open documents. */
  pull: boolean;
}

export class DiagnosticsFeature {
  private resultCounter = 0;
  /** Files lintWorkspace pushed diagnostics for while they were not open. */
  private readonly pushedClosed = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly docs: PolicyDocuments,
    private readonly settings: Settings,
    readonly options: DiagnosticsOptions,
  ) {}

  /** Diagnostics of a snapshot, computed once; the resultId changes only when the diagnostics do. */
  diagnosticsOf(snap: Snapshot, previous?: Snapshot): Diagnostic[] {
    if (snap.diagnostics) return snap.diagnostics;
    const out: Diagnostic[] = [];
    if (snap.result) {
      const doc = snap.result.doc;
      for (const f of snap.result.findings) out.push(findingToDiagnostic(f, doc, snap.uri, snap.version));
    }
    const firstLine = /^[^\r\n]*/.exec(snap.text)![0].length;
    if (snap.notice) {
      out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine } }, severity: DiagnosticSeverity.Warning, code: TOO_LARGE_CODE, source: SOURCE, message: snap.notice });
    }
    out.push(...configProblemDiagnostics(snap.settings.problems, firstLine));
    snap.diagnostics = out;
    const key = JSON.stringify(out);
    if (previous?.resultId && previous.diagnostics && JSON.stringify(previous.diagnostics) === key) snap.resultId = previous.resultId;
    else snap.resultId = `${++this.resultCounter}`;
    return out;
  }

  onOpen(uri: string): void {
    if (this.options.pull) {
      // Diagnostics lintWorkspace pushed for this file while it was closed would double the pulled ones.
      if (this.pushedClosed.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    this.pushedClosed.delete(uri);
    this.schedule(uri, 0);
  }

  onChange(uri: string): void {
    const state = this.docs.state(uri);
    state.lastChangeAt = performance.now();
    if (this.options.pull) return;
    void this.settings
      .forDocument(uri)
      .then((s) => this.schedule(uri, s.debounceMs))
      .catch((e) => this.connection.console.error(`privacy-lint: settings for ${uri}: ${errorText(e)}`));
  }

  onClose(uri: string): void {
    if (!this.options.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Settings or config files changed: every open document gets new diagnostics. */
  refreshAll(): void {
    if (this.options.pull) {
      this.connection.languages.diagnostics.refresh().catch((e) => this.connection.console.warn(`workspace/diagnostic/refresh failed: ${errorText(e)}`));
      return;
    }
    for (const doc of this.docs.all()) this.schedule(doc.uri, 0);
  }

  /** lintWorkspace: diagnostics for a file that is not open in the editor. */
  pushClosed(uri: string, diagnostics: Diagnostic[]): void {
    this.pushedClosed.add(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private schedule(uri: string, delayMs: number): void {
    if (!this.docs.get(uri)) return;
    const state = this.docs.state(uri);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.publish(uri).catch((e) => this.connection.console.error(`privacy-lint: publishing diagnostics for ${uri} failed: ${errorText(e)}`));
    }, delayMs);
  }

  private async publish(uri: string): Promise<void> {
    const previous = this.docs.latest(uri);
    const snap = await this.docs.current(uri);
    if (!snap) return;
    // A newer change arrived while the settings were read: its own timer will publish.
    const doc = this.docs.get(uri);
    if (!doc || doc.version !== snap.version) return;
    const diagnostics = this.diagnosticsOf(snap, previous !== snap ? previous : undefined);
    await this.connection.sendDiagnostics({ uri, version: snap.version, diagnostics });
  }

  /** textDocument/diagnostic. */
  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const uri = params.textDocument.uri;
    if (!this.docs.get(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const settings = await this.settings.forDocument(uri);
    // Debounce on the server: the client pulls after every change and cancels the pull a newer change
    // supersedes, so waiting out the rest of the debounce turns a burst of keystrokes into one lint.
    const state = this.docs.state(uri);
    const wait = state.lastChangeAt + settings.debounceMs - performance.now();
    if (wait > 0 && state.snapshot?.version !== this.docs.get(uri)?.version) await delay(wait, token);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'superseded by a newer change');
    const previous = this.docs.latest(uri);
    const snap = await this.docs.current(uri);
    if (!snap) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const items = this.diagnosticsOf(snap, previous !== snap ? previous : undefined);
    if (params.previousResultId && params.previousResultId === snap.resultId) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: snap.resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: snap.resultId!, items };
  }
}

function delay(ms: number, token: CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = token.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}
