// Small text helpers the consistency checks share: the clause around a match, whether that clause is
// negated before the match, and the sentences of a policy with their text. Regex-level only: the
// checks run on every lint, so nothing here may call the NLP library.

import type { Found } from '../../catalogue/gate.js';
import type { Analysis, SentenceRef } from '../../detect/detector.js';

export interface SentenceText {
  ref: SentenceRef;
  text: string;
  /** The catalogue literals the sentence holds (gate.ts). */
  found: Found;
}

const cache = new WeakMap<Analysis, SentenceText[]>();

/** Every sentence of the policy with its plain text, computed once per analysis. */
export function sentenceTexts(a: Analysis): SentenceText[] {
  let out = cache.get(a);
  if (!out) {
    out = a.sentences.map((ref, i) => ({ ref, text: a.texts[i]!, found: a.found[i]! }));
    cache.set(a, out);
  }
  return out;
}

/** Where a clause ends: a semicolon or colon, or a contrastive conjunction ("…, but we use …"). */
const CLAUSE_BREAK = /[;:]|,?\s+\b(?:but|however|although|though|while|whereas|except that|yet)\b|\.\s/gi;

/** The text of the clause of `text` that holds offset `at`, up to `at` (what is said before the match). */
export function clauseBefore(text: string, at: number): string {
  let start = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m && m.index < at; m = CLAUSE_BREAK.exec(text)) start = m.index + m[0].length;
  return text.slice(start, at);
}

const NEGATION = /\b(?:not|never|no|none|neither|nor|without|cannot)\b|n[’']t\b/i;

/** True when the clause holding `at` says "not", "never", "no" … before `at`. */
export function negatedBefore(text: string, at: number): boolean {
  return NEGATION.test(clauseBefore(text, at).replace(BOUND, ' '));
}

/** "No longer than 90 days", "not more than a year": limits, not negations. */
const BOUND = /\b(?:no|not)\s+(?:longer|more|later|less|fewer)\s+than\b|\bnot\s+(?:to\s+)?exceed(?:ing)?\b/gi;

/** 1-based line of an offset. */
export function lineAt(a: Analysis, offset: number): number {
  return a.doc.lines.lineAt(offset) + 1;
}

/** A short quotation of a span's text for a message: whitespace collapsed, at most `max` characters. */
export function quote(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
