// workspace/executeCommand: insert a rule's clause on demand, fix everything fixable in a document, and
// lint the policy files of the workspace that are not open (their diagnostics are pushed).
// Arguments come from any client, so every one is checked; a bad call gets an InvalidParams error.

import { dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type ExecuteCommandParams,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { discover, toPosix } from '../cli/discover.js';
import { Linter, builtinCatalogue, formatForPath } from '../engine/index.js';
import { globMatcher } from '../node/glob.js';
import { readPolicy } from '../node/read-policy.js';
import { FIX_ALL_TITLE, type CodeActionsFeature } from './code-actions.js';
import { configProblemDiagnostics, findingToDiagnostic, type DiagnosticsFeature } from './diagnostics.js';
import type { PolicyDocuments } from './documents.js';
import { workspaceEdit, type EditCapabilities } from './edits.js';
import { errorText, fsPathOf, type Settings } from './settings.js';

export const COMMANDS = {
  insertClause: 'privacyLint.insertClause',
  lintWorkspace: 'privacyLint.lintWorkspace',
  fixAll: 'privacyLint.fixAll',
} as const;

/** What lintWorkspace looks for when the client sends no `privacyLint.files` setting. */
export const DEFAULT_FILE_GLOBS = [
  '**/*{privacy,Privacy,PRIVACY}*.{md,markdown,txt}',
  '**/policies/**/*.{md,markdown,txt}',
  '**/*.policy.{md,txt}',
];

export interface CommandCapabilities extends EditCapabilities {
  workspaceFolders: boolean;
  progress: boolean;
}

export interface InsertClauseResult {
  applied: boolean;
  title: string;
}

export interface FixAllResult {
  applied: boolean;
  /** How many findings the fix loop fixed. */
  fixed: number;
}

export class CommandsFeature {
  constructor(
    private readonly connection: Connection,
    private readonly docs: PolicyDocuments,
    private readonly settings: Settings,
    private readonly diagnostics: DiagnosticsFeature,
    private readonly codeActions: CodeActionsFeature,
    private readonly caps: CommandCapabilities,
    /** Workspace folders from initialize, for clients that cannot be asked for them later. */
    private readonly initialFolders: () => string[],
  ) {}

  async execute(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
    const args = params.arguments ?? [];
    switch (params.command) {
      case COMMANDS.insertClause:
        return this.insertClause(args[0], args[1]);
      case COMMANDS.fixAll:
        return this.fixAll(args[0]);
      case COMMANDS.lintWorkspace:
        return this.lintWorkspace(token);
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `privacy-lint: unknown command "${String(params.command)}"`);
    }
  }

  private async openDocument(uri: unknown, command: string) {
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${command}: the first argument must be a document URI`);
    const doc = this.docs.get(uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `${command}: ${uri} is not open`);
    const snap = await this.docs.current(uri);
    if (!snap || snap.version !== doc.version) throw new ResponseError(LSPErrorCodes.ContentModified, `${command}: ${uri} changed; try again`);
    return { doc, snap };
  }

  async insertClause(uri: unknown, ruleOrTopic: unknown): Promise<InsertClauseResult> {
    const { doc, snap } = await this.openDocument(uri, COMMANDS.insertClause);
    const catalogue = builtinCatalogue();
    const choices = catalogue.rules.filter((r) => r.fix).flatMap((r) => [r.id, ...(r.topic ? [r.topic] : [])]);
    if (typeof ruleOrTopic !== 'string' || !choices.includes(ruleOrTopic)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${COMMANDS.insertClause}: the second argument must be one of: ${choices.join(', ')}`);
    }
    if (snap.notice) throw new ResponseError(ErrorCodes.InvalidRequest, `${COMMANDS.insertClause}: ${snap.notice}`);
    const linter = this.docs.state(snap.uri).linter;
    const fix = linter.clauseFor({ uri: snap.uri, text: snap.text, format: snap.format }, ruleOrTopic, { config: snap.settings.config });
    if (!fix) return { applied: false, title: '' };
    const p = doc.positionAt(fix.range[0]);
    const edit = workspaceEdit(doc, [{ range: { start: p, end: doc.positionAt(fix.range[1]) }, newText: fix.text }], this.caps);
    const res = await this.connection.workspace.applyEdit({ label: fix.title, edit });
    if (!res.applied) this.connection.console.log(`privacy-lint: the client did not apply "${fix.title}": ${res.failureReason ?? 'no reason given'}`);
    return { applied: res.applied, title: fix.title };
  }

  async fixAll(uri: unknown): Promise<FixAllResult> {
    const { doc, snap } = await this.openDocument(uri, COMMANDS.fixAll);
    const fixable = snap.result?.findings.filter((f) => f.fix).length ?? 0;
    const edit = this.codeActions.fixAllEdit(snap, doc);
    if (!edit) return { applied: false, fixed: 0 };
    const res = await this.connection.workspace.applyEdit({ label: FIX_ALL_TITLE, edit });
    return { applied: res.applied, fixed: res.applied ? fixable : 0 };
  }

  /** Lints the workspace's policy files that are not open and pushes their diagnostics; returns how many. */
  async lintWorkspace(token: CancellationToken): Promise<number> {
    let folders: string[] = [];
    if (this.caps.workspaceFolders) {
      try {
        folders = ((await this.connection.workspace.getWorkspaceFolders()) ?? []).map((f) => f.uri);
      } catch (e) {
        this.connection.console.warn(`workspace/workspaceFolders failed: ${errorText(e)}`);
      }
    }
    if (!folders.length) folders = this.initialFolders();
    let progress: WorkDoneProgressServerReporter | undefined;
    if (this.caps.progress) {
      try {
        progress = await this.connection.window.createWorkDoneProgress();
        progress.begin('privacy-lint', 0, 'Finding policy files…', true);
      } catch {
        progress = undefined;
      }
    }
    const linter = new Linter();
    let count = 0;
    try {
      const work: Array<{ file: string; folderUri: string }> = [];
      for (const folderUri of folders) {
        const root = fsPathOf(folderUri);
        if (!root) continue;
        const editor = await this.settings.editorFor(folderUri);
        const rootConfig = this.settings.withConfigFile(editor, root, undefined, true);
        const found = discover(editor.files ?? DEFAULT_FILE_GLOBS, root, rootConfig.config.ignores);
        for (const file of found.files) work.push({ file, folderUri });
      }
      const editors = new Map<string, Awaited<ReturnType<Settings['editorFor']>>>();
      for (let i = 0; i < work.length; i++) {
        if (token.isCancellationRequested || progress?.token.isCancellationRequested) break;
        const { file, folderUri } = work[i]!;
        const uri = pathToFileURL(file).href;
        if (this.docs.get(uri)) continue;
        progress?.report(Math.round((i / work.length) * 100), relative(fsPathOf(folderUri)!, file));
        let editor = editors.get(folderUri);
        if (!editor) {
          editor = await this.settings.editorFor(folderUri);
          editors.set(folderUri, editor);
        }
        try {
          const effective = this.settings.withConfigFile(editor, file);
          if (!effective.enable) continue;
          if (effective.configFile && effective.config.ignores.length && isIgnoredBy(effective.configFile, file, effective.config.ignores)) continue;
          const read = readPolicy(file, effective.config.maxFileSize);
          if (!read.ok) {
            this.connection.console.log(`privacy-lint: skipped ${file}: ${read.message}`);
            continue;
          }
          const result = linter.lint({ uri, text: read.value.text, format: formatForPath(file) }, { config: effective.config });
          const diagnostics = result.findings.map((f) => findingToDiagnostic(f, result.doc, uri, 0));
          diagnostics.push(...configProblemDiagnostics(effective.problems, /^[^\r\n]*/.exec(read.value.text)![0].length));
          this.diagnostics.pushClosed(uri, diagnostics);
          count++;
        } catch (e) {
          this.connection.console.error(`privacy-lint: linting ${file} failed: ${errorText(e)}`);
        }
        // Let other requests (typing in an open policy) in between files.
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      progress?.done();
    }
    return count;
  }
}

function isIgnoredBy(configFile: string, file: string, ignores: string[]): boolean {
  return globMatcher(ignores, { dot: true })(toPosix(relative(dirname(configFile), file)));
}
