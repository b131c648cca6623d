// Code actions: a preferred quickfix per fixable finding (the engine's clause insertion, titled by the
// engine), "Fix all missing sections" as source.fixAll.privacyLint (the engine's fix loop, as insertions),
// and "Disable <rule> for this file" for Markdown. An action for a diagnostic computed on another document
// version is refused (logged, no edit), as cSpell does; edits are also versioned for the client to check.

import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, LintResult } from '../engine/index.js';
import { SOURCE, type DiagnosticData } from './diagnostics.js';
import type { PolicyDocuments, Snapshot } from './documents.js';
import { editsBetween, toTextEdits, workspaceEdit, type EditCapabilities } from './edits.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.privacyLint`;
export const FIX_ALL_TITLE = 'Fix all missing sections';

export interface CodeActionCapabilities extends EditCapabilities {
  /** codeAction/resolve may fill in `edit` later (computing fix-all is a few lint passes). */
  resolveEdit: boolean;
}

interface FixAllData {
  kind: 'privacyLint.fixAll';
  uri: string;
  version: number;
}

export class CodeActionsFeature {
  constructor(
    private readonly connection: Connection,
    private readonly docs: PolicyDocuments,
    private readonly caps: CodeActionCapabilities,
  ) {}

  async provide(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const doc = this.docs.get(uri);
    if (!doc) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const snap = await this.docs.current(uri);
    if (!snap?.result || token.isCancellationRequested) return [];
    // The document may have moved on while the snapshot was computed.
    if (doc.version !== snap.version) {
      this.connection.console.log(`privacy-lint: no code actions for ${uri}: it changed while they were computed`);
      return [];
    }
    const result = snap.result;
    const actions: CodeAction[] = [];

    // Our diagnostics the client sent, checked against the version they were computed for.
    const ours: Array<{ diagnostic: Diagnostic; data: DiagnosticData }> = [];
    let stale = 0;
    for (const d of params.context.diagnostics ?? []) {
      const data = readData(d);
      if (!data) continue;
      if (data.version !== doc.version) {
        stale++;
        continue;
      }
      ours.push({ diagnostic: d, data });
    }
    if (stale) {
      this.connection.console.log(
        `privacy-lint: refused ${stale} code action(s) for ${uri}: the diagnostics are from an older version of the document (now version ${doc.version})`,
      );
    }
    // Clients that send no diagnostics (or none of ours) get the findings under the range instead.
    if (!ours.length && !stale) {
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      for (const f of result.findings) {
        if (f.span.start <= end && f.span.end >= start) {
          ours.push({ diagnostic: diagnosticFor(f, snap), data: dataFor(f, snap.version) });
        }
      }
    }

    if (wants(CodeActionKind.QuickFix)) {
      for (const { diagnostic, data } of ours) {
        const fix = currentFix(result, data, snap.text.length);
        if (!fix) continue;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: workspaceEdit(doc, toTextEdits(doc, [{ at: fix.range[0], text: fix.text }]), this.caps),
        });
      }
      if (snap.format === 'markdown') {
        const seen = new Set<string>();
        for (const { diagnostic, data } of ours) {
          if (seen.has(data.ruleId)) continue;
          seen.add(data.ruleId);
          actions.push({
            title: `Disable ${data.ruleId} for this file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: workspaceEdit(doc, [disableFileEdit(doc, snap.text, data.ruleId)], this.caps),
          });
        }
      }
    }

    if (wants(FIX_ALL_KIND) && result.findings.some((f) => f.fix)) {
      const data: FixAllData = { kind: 'privacyLint.fixAll', uri, version: doc.version };
      const action: CodeAction = { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data };
      if (!this.caps.resolveEdit) {
        const edit = this.fixAllEdit(snap, doc);
        if (edit) action.edit = edit;
      }
      actions.push(action);
    }
    return actions;
  }

  /** codeAction/resolve: the fix-all edit is computed only when the user picks it. */
  async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data as Partial<FixAllData> | undefined;
    if (!data || data.kind !== 'privacyLint.fixAll' || typeof data.uri !== 'string') return action;
    const doc = this.docs.get(data.uri);
    if (!doc) return action;
    if (data.version !== doc.version) {
      this.connection.console.log(`privacy-lint: refused "${action.title}" for ${data.uri}: computed for version ${data.version}, the document is at ${doc.version}`);
      return action;
    }
    const snap = await this.docs.current(data.uri);
    if (!snap || snap.version !== doc.version) return action;
    const edit = this.fixAllEdit(snap, doc);
    if (edit) action.edit = edit;
    return action;
  }

  /** The whole fix loop of the engine, returned as insertions against the current text. */
  fixAllEdit(snap: Snapshot, doc: TextDocument) {
    // Not linted (switched off, too large, or the engine failed on it): nothing to fix, and no fix loop to run.
    if (!snap.result) return undefined;
    const state = this.docs.state(snap.uri);
    const fixed = state.linter.fix({ uri: snap.uri, text: snap.text, format: snap.format }, { config: snap.settings.config });
    if (fixed.text === snap.text) return undefined;
    return workspaceEdit(doc, editsBetween(doc, snap.text, fixed.text), this.caps);
  }
}

export function readData(d: Diagnostic): DiagnosticData | undefined {
  if (d.source !== SOURCE) return undefined;
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data !== 'object' || typeof data.ruleId !== 'string' || typeof data.version !== 'number' || typeof data.code !== 'string') return undefined;
  return data as DiagnosticData;
}

function dataFor(f: Finding, version: number): DiagnosticData {
  const data: DiagnosticData = { ruleId: f.ruleId, code: f.code, version, span: [f.span.start, f.span.end] };
  if (f.fix) data.fix = { range: f.fix.range, text: f.fix.text, title: f.fix.title };
  return data;
}

function diagnosticFor(f: Finding, snap: Snapshot): Diagnostic {
  const doc = snap.result!.doc;
  return {
    range: { start: doc.lines.positionAt(f.span.start), end: doc.lines.positionAt(f.span.end) },
    message: f.message,
    code: f.ruleId,
    source: SOURCE,
  };
}

/**
 * The fix for a diagnostic of the current version: the current finding with the same rule, code and
 * place (its clause reflects the current settings), else the one carried in the diagnostic's data.
 */
function currentFix(result: LintResult, data: DiagnosticData, textLength: number) {
  const span = Array.isArray(data.span) ? data.span : null;
  const match = result.findings.find((f) => f.ruleId === data.ruleId && f.code === data.code && (!span || (f.span.start === span[0] && f.span.end === span[1])));
  if (match) return match.fix;
  const fix = data.fix;
  if (!fix || !Array.isArray(fix.range) || typeof fix.text !== 'string' || typeof fix.title !== 'string') return undefined;
  const [a, b] = fix.range;
  // Engine fixes only insert; anything else in `data` did not come from us.
  if (typeof a !== 'number' || a !== b || a < 0 || a > textLength) return undefined;
  return fix;
}

const FRONT_MATTER = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** `<!-- privacy-lint-disable-file <rule> -- reason -->` after the front matter, or on the first line. */
export function disableFileEdit(doc: TextDocument, text: string, ruleId: string) {
  const fm = FRONT_MATTER.exec(text);
  const at = fm ? fm[0].length : 0;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const lead = fm && !/\n$/.test(fm[0]) ? eol : '';
  const p = doc.positionAt(at);
  return {
    range: { start: p, end: p },
    newText: `${lead}<!-- privacy-lint-disable-file ${ruleId} -- reason: TODO say why this rule does not apply -->${eol}`,
  };
}
