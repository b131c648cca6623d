// Splits the plain text of one block into sentences. Rule-based and linear: a sentence ends at
// . ! ? followed by space and a capital, digit or quote, except after common abbreviations.
// Pasted web text often runs several sentences together; legal abbreviations (Inc., Art., U.S.) must not split.

import type { Span } from '../types.js';

const ABBREVIATIONS = new Set(
  [
    'e.g', 'i.e', 'etc', 'inc', 'ltd', 'llc', 'co', 'corp', 'no', 'nos', 'art', 'arts', 'sec', 'secs', 'para', 'st', 'dr',
    'mr', 'mrs', 'ms', 'vs', 'v', 'u.s', 'u.k', 'e.u', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept',
    'oct', 'nov', 'dec', 'approx', 'incl', 'fig', 'cf', 'ave', 'blvd', 'rd', 'ste', 'p.o', 'a.m', 'p.m', 'cal', 'civ',
    'corp', 'gov', 'ch', 'pty', 'pte', 'plc', 'ag', 'gmbh', 's.a', 'b.v', 'n.v', 'l.l.c', 'reg', 'regs', 'ref',
  ].map((a) => a.toLowerCase()),
);

const BOUNDARY = /[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9•])|[.!?]+["'”’)\]]*(?=\s*$)|(?<=\S)\s*\r?\n\s*\r?\n/g;

/** Sentence spans (absolute offsets) inside `span` of `plain`; whitespace-only pieces are skipped. */
export function splitSentences(plain: string, span: Span): Span[] {
  const text = plain.slice(span.start, span.end);
  const out: Span[] = [];
  let from = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('.') && isAbbreviation(text, m.index)) continue;
    push(out, text, from, end, span.start);
    from = end;
    if (m[0].length === 0) BOUNDARY.lastIndex++;
  }
  push(out, text, from, text.length, span.start);
  return out;
}

/**
 * Parts of a legal citation that are abbreviations only before a number or a point letter
 * ("Art. 6 Abs. 1 lit. b", "Article 6 sec. 1 sent. 1"); elsewhere "sent." ends a sentence.
 */
const CITATION_PARTS = new Set(['abs', 'sent', 'lit', 'subs', 'subsec', 'cl', 'pt', 'sch']);

function isAbbreviation(text: string, dot: number): boolean {
  let i = dot;
  while (i > 0 && /[A-Za-z.]/.test(text[i - 1]!)) i--;
  const word = text.slice(i, dot).toLowerCase();
  if (!word) return false;
  if (ABBREVIATIONS.has(word)) return true;
  if (CITATION_PARTS.has(word) && /^\.\s{1,3}(?:\d|[a-z]\b|\()/.test(text.slice(dot, dot + 6))) return true;
  // Single capital initials ("J. Smith", "U.S.") do not end sentences.
  return /^[a-z]$/.test(word) && /[A-Z]/.test(text[i]!);
}

function push(out: Span[], text: string, from: number, to: number, base: number): void {
  let s = from;
  let e = to;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (e > s) out.push({ start: base + s, end: base + e });
}
