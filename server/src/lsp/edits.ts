// Engine offsets → LSP edits. Engine fixes only insert, so every edit here is an insertion; a fix-all
// result is turned back into the insertions that produce it, so the client keeps cursors and marks in the
// text between them. Edits carry the document version they were computed for, so a client refuses to
// apply them to a document that has changed since (the LSP's own stale-edit guard).

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';

export interface Insertion {
  at: number;
  text: string;
}

export interface EditCapabilities {
  /** workspace.workspaceEdit.documentChanges: versioned edits. */
  documentChanges: boolean;
}

export function toTextEdits(doc: TextDocument, inserts: Insertion[]): TextEdit[] {
  return inserts.map((e) => {
    const p = doc.positionAt(e.at);
    return { range: { start: p, end: p }, newText: e.text };
  });
}

export function workspaceEdit(doc: TextDocument, edits: TextEdit[], caps: EditCapabilities): WorkspaceEdit {
  if (caps.documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
  return { changes: { [doc.uri]: edits } };
}

/**
 * The insertions that turn `original` into `fixed`, when `original` is a subsequence of `fixed` (what
 * the engine's insert-only fixes guarantee). Any embedding of one text in the other gives insertions
 * that produce `fixed` exactly; this one looks for whole lines, so an inserted section comes out as one
 * insertion at a line start. Returns null when `original` is not a subsequence (then the caller falls
 * back to one replacement of the changed middle).
 */
export function insertionsBetween(original: string, fixed: string): Insertion[] | null {
  const O = original;
  const N = fixed;
  const out: Insertion[] = [];
  let i = 0;
  let j = 0;
  while (i < O.length) {
    if (j >= N.length) return null;
    if (O.charCodeAt(i) === N.charCodeAt(j)) {
      i++;
      j++;
      continue;
    }
    // An insertion starts at N[j]; the original resumes where the rest of its current line reappears.
    let lineEnd = O.indexOf('\n', i);
    lineEnd = lineEnd === -1 ? O.length : lineEnd + 1;
    const anchor = O.slice(i, Math.min(lineEnd, i + 64));
    let k = N.indexOf(anchor, j + 1);
    if (k === -1) {
      k = j + 1;
      while (k < N.length && N.charCodeAt(k) !== O.charCodeAt(i)) k++;
      if (k >= N.length) return null;
    }
    out.push({ at: i, text: N.slice(j, k) });
    j = k;
  }
  if (j < N.length) out.push({ at: O.length, text: N.slice(j) });
  slideToLineStarts(O, out);
  return apply(O, out) === N ? out : null;
}

/** An insertion can slide left while the character before it equals its last one; prefer a line start. */
function slideToLineStarts(O: string, inserts: Insertion[]): void {
  for (let n = 0; n < inserts.length; n++) {
    const ins = inserts[n]!;
    const floor = n > 0 ? inserts[n - 1]!.at + 1 : 0;
    let at = ins.at;
    let text = ins.text;
    const atLineStart = (p: number) => p === 0 || O.charCodeAt(p - 1) === 10;
    if (atLineStart(at)) continue;
    while (at > floor && text.length && O[at - 1] === text[text.length - 1]) {
      text = O[at - 1] + text.slice(0, -1);
      at--;
      if (atLineStart(at)) {
        ins.at = at;
        ins.text = text;
        break;
      }
    }
  }
}

export function apply(original: string, inserts: Insertion[]): string {
  const parts: string[] = [];
  let pos = 0;
  for (const ins of inserts) {
    parts.push(original.slice(pos, ins.at), ins.text);
    pos = ins.at;
  }
  parts.push(original.slice(pos));
  return parts.join('');
}

/** Edits from `original` to `fixed`: insertions when possible, else one replacement of the changed middle. */
export function editsBetween(doc: TextDocument, original: string, fixed: string): TextEdit[] {
  if (original === fixed) return [];
  const inserts = insertionsBetween(original, fixed);
  if (inserts) return toTextEdits(doc, inserts);
  let a = 0;
  while (a < original.length && a < fixed.length && original.charCodeAt(a) === fixed.charCodeAt(a)) a++;
  let b = 0;
  while (b < original.length - a && b < fixed.length - a && original.charCodeAt(original.length - 1 - b) === fixed.charCodeAt(fixed.length - 1 - b)) b++;
  return [{ range: { start: doc.positionAt(a), end: doc.positionAt(original.length - b) }, newText: fixed.slice(a, fixed.length - b) }];
}
