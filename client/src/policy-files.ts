// Which documents are privacy policies, as a language-server document selector built from the
// `privacyLint.files` globs. The extension activates on every Markdown and plain-text file, but only
// these reach the server, so a README never starts a lint. Pure (no vscode import) so tests can run it.

/** The language this extension contributes for `*.policy.md` and `*.policy.txt`. */
export const POLICY_LANGUAGE = 'privacy-policy';

/** Languages whose documents are policies when their path matches one of `privacyLint.files`. */
export const GLOB_LANGUAGES = ['markdown', 'plaintext'] as const;

/** Keep equal to the default of `privacyLint.files` in package.json (a test checks). */
export const DEFAULT_FILES: readonly string[] = [
  '**/*privacy*.{md,markdown,txt}',
  '**/*Privacy*.{md,markdown,txt}',
  '**/*PRIVACY*.{md,markdown,txt}',
  '**/policies/**/*.{md,markdown,txt}',
  '**/*.policy.md',
  '**/*.policy.txt',
];

/** A relative pattern as LSP spells it (vscode-languageclient turns it into a vscode.RelativePattern). */
export interface RelativeGlob {
  baseUri: string;
  pattern: string;
}

/** Structurally an LSP TextDocumentFilter. */
export interface PolicyFilter {
  language: string;
  scheme?: string;
  pattern?: string | RelativeGlob;
}

export interface FolderFiles {
  /** The workspace folder's URI, as a string. */
  uri: string;
  /** `privacyLint.files` as configured for that folder (unknown: it is user input). */
  files: unknown;
}

/** The usable globs of a `privacyLint.files` value: strings, trimmed, forward slashes, no duplicates. */
export function cleanGlobs(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') continue;
    const g = v.trim().replace(/\\/g, '/');
    if (g && !out.includes(g)) out.push(g);
  }
  return out;
}

/**
 * The selector for the language client.
 * - In a workspace, each folder's globs apply under that folder (settings are resource-scoped, so a
 *   folder can widen, narrow or empty its list).
 * - With no folder open, `looseFiles` (the user setting) is matched against the absolute path; globs
 *   that are not already anchored get a leading `**` so `policies/*.md` works there too.
 * - The `privacy-policy` language is always in, saved or untitled.
 */
export function policySelector(folders: readonly FolderFiles[], looseFiles?: unknown): PolicyFilter[] {
  const filters: PolicyFilter[] = [];
  const seen = new Set<string>();
  const add = (f: PolicyFilter) => {
    const key = JSON.stringify(f);
    if (!seen.has(key)) {
      seen.add(key);
      filters.push(f);
    }
  };
  for (const folder of folders) {
    for (const pattern of cleanGlobs(folder.files)) {
      for (const language of GLOB_LANGUAGES) add({ language, pattern: { baseUri: folder.uri, pattern } });
    }
  }
  if (folders.length === 0) {
    for (const glob of cleanGlobs(looseFiles)) {
      const pattern = glob.startsWith('/') || glob.startsWith('**') ? glob : `**/${glob}`;
      for (const language of GLOB_LANGUAGES) add({ language, scheme: 'file', pattern });
    }
  }
  add({ language: POLICY_LANGUAGE, scheme: 'file' });
  add({ language: POLICY_LANGUAGE, scheme: 'untitled' });
  return filters;
}
