// What the client and the language server (server/src/lsp) agree on beyond standard LSP: the coverage
// request, the server's commands and their arguments, and the settings section.

import { RequestType } from 'vscode-languageclient';
import type { CoverageResult } from './coverage-view.js';

/** The settings section the server reads through workspace/configuration. */
export const SECTION = 'privacyLint';

export interface CoverageParams {
  uri: string;
}

/** `privacyLint/coverage` {uri} → {summary, coverage}, or null when the document is not linted. */
export const CoverageRequest = new RequestType<CoverageParams, CoverageResult | null, void>('privacyLint/coverage');

/**
 * Commands the server runs through workspace/executeCommand. The client owns these command ids in VS
 * Code (palette entries that ask for input first), so the language client must not register them a
 * second time when the server advertises them; see ownServerCommands in language-client.ts.
 */
export const ServerCommand = {
  /** [uri, ruleOrTopic]: insert that rule's clause into the document. */
  insertClause: 'privacyLint.insertClause',
  /** []: lint every policy file in the workspace (diagnostics for closed files too). */
  lintWorkspace: 'privacyLint.lintWorkspace',
  /** [uri]: apply every available fix to the document. */
  fixAll: 'privacyLint.fixAll',
} as const;

/** Commands only the client implements. */
export const ClientCommand = {
  showCoverage: 'privacyLint.showCoverage',
  restartServer: 'privacyLint.restartServer',
  showOutput: 'privacyLint.showOutput',
} as const;
