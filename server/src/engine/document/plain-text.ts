// Reads plain-text policies as they come out of web pages and word processors: numbered headings
// ("9. Children's Privacy", "1.1 Personal Information"), ALL-CAPS headings, short title lines followed
// by prose, "•" and "-" bullets, one paragraph per line or hard-wrapped paragraphs.
// Heuristics only look at a line and its neighbours, so the cost is linear in the number of lines.

import type { LineIndex } from '../text/line-index.js';
import type { Span } from '../types.js';
import type { Block, Heading, HeadingStyle } from './model.js';
import { splitNumbering } from './model.js';

export interface TextParse {
  headings: Heading[];
  blocks: Array<Omit<Block, 'section'>>;
  blanks: Span[];
}

const BULLET = /^(\s*)([•◦▪▫●○■□·‣⁃∙*+-]|–)(\s+)(?=\S)/;
const NUMBERED = /^\s{0,3}(\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.)\s+(\S.*)$/;
const TERMINAL = /[.,;:!"”’'»]\s*$/;
const SENTENCE_END = /[.!?:;"”)]\s*$/;
/** A date stamp line ("Last updated 2023-11-02", "Effective:May 1, 2024") is metadata, not a heading. */
const DATE_STAMP = /^(?:last\s+(?:updated|modified|revised|amended|changed|reviewed)|effective|updated|revised|modified|version(?:\s+date)?|date)\b[^\n]{0,40}?(?:\d{4}|\d{1,2}[/.-]\d{1,2})/i;

interface LineInfo {
  span: Span;
  text: string;
  blank: boolean;
  bullet: boolean;
}

export function parsePlainText(text: string, lines: LineIndex): TextParse {
  const info: LineInfo[] = [];
  for (let i = 0; i < lines.lineCount; i++) {
    const start = lines.starts[i]!;
    const end = lines.lineEnd(i);
    const t = text.slice(start, end);
    info.push({ span: { start, end }, text: t, blank: t.trim() === '', bullet: BULLET.test(t) });
  }

  const kinds: Array<{ style: HeadingStyle; numbering: string | null; text: string } | null> = info.map((l, i) =>
    classifyHeading(info, i),
  );
  demoteAddressRuns(info, kinds);

  const headings: Heading[] = [];
  const blocks: Array<Omit<Block, 'section'>> = [];
  const blanks: Span[] = [];
  let current: { kind: Block['kind']; span: Span } | null = null;
  const flush = () => {
    if (current) blocks.push(current);
    current = null;
  };

  for (let i = 0; i < info.length; i++) {
    const l = info[i]!;
    const k = kinds[i];
    if (l.blank) {
      flush();
      continue;
    }
    if (k) {
      flush();
      headings.push({ text: k.text, numbering: k.numbering, style: k.style, level: 2, span: l.span });
      continue;
    }
    const bullet = BULLET.exec(l.text);
    if (bullet) {
      flush();
      const markerStart = l.span.start + bullet[1]!.length;
      blanks.push({ start: markerStart, end: markerStart + bullet[2]!.length });
      current = { kind: 'list-item', span: { ...l.span } };
      continue;
    }
    const prev = i > 0 ? info[i - 1]! : null;
    const continues =
      current !== null &&
      prev !== null &&
      !prev.blank &&
      (!SENTENCE_END.test(prev.text) || /^\s*[a-z(]/.test(l.text) || (current as { kind: string }).kind === 'list-item' && /^\s{2,}/.test(l.text));
    if (continues) {
      (current as unknown as { span: Span }).span.end = l.span.end;
    } else {
      flush();
      current = { kind: 'paragraph', span: { ...l.span } };
    }
  }
  flush();
  assignLevels(headings);
  return { headings, blocks, blanks };
}

function classifyHeading(info: LineInfo[], i: number): { style: HeadingStyle; numbering: string | null; text: string } | null {
  const l = info[i]!;
  if (l.blank || l.bullet) return null;
  const trimmed = l.text.trim();
  if (trimmed.length < 2 || trimmed.length > 90) return null;
  const prev = previousNonBlank(info, i);
  // A line after "…the following:" is a list item, whatever it looks like.
  if (prev && /:\s*$/.test(prev.line.text)) return null;
  const next = nextNonBlank(info, i);
  if (!next) return null;

  const numbered = NUMBERED.exec(trimmed);
  if (numbered && titleish(numbered[2]!, 14)) {
    const { numbering, text } = splitNumbering(trimmed);
    return { style: 'numbered', numbering, text };
  }
  if (!titleish(trimmed, 12)) return lowercaseHeading(info, i, trimmed, prev) ? { style: 'title', numbering: null, text: trimmed } : null;
  // A hard-wrapped paragraph's last line is not a heading: the line before it must have ended.
  // (Bullets and web-pasted one-line paragraphs, which run far past any wrap width, end without punctuation.)
  if (prev && prev.adjacent && !prev.line.bullet && prev.line.text.length < 120 && !SENTENCE_END.test(prev.line.text) && !isHeadingShaped(prev.line.text)) return null;
  if (isAllCaps(trimmed)) return { style: 'caps', numbering: null, text: trimmed };
  // An address or signature block is a run of short lines; a heading is followed by prose or a list.
  if (/\d/.test(trimmed) && /,/.test(trimmed)) return null;
  if (prev && prev.adjacent && !prev.line.bullet && isShortFragment(prev.line.text) && !isHeadingShaped(prev.line.text)) return null;
  return { style: 'title', numbering: null, text: trimmed };
}

/**
 * Some hand-written policies use lowercase headings ("what we collect", "kids", "contact"). Such a line
 * is a heading only when it is a few plain words, starts a block (blank line or start of text before
 * it) and its content follows on the very next line.
 */
function lowercaseHeading(info: LineInfo[], i: number, trimmed: string, prev: { adjacent: boolean } | null): boolean {
  if (!/^[a-z][a-z'’&-]*(?: [a-z'’&-]+){0,4}$/.test(trimmed)) return false;
  if (prev && prev.adjacent) return false;
  const next = info[i + 1];
  return !!next && !next.blank;
}

export function titleish(s: string, maxWords: number): boolean {
  const t = s.trim();
  if (!/^[A-Z0-9“"'‘(À-Ý]/.test(t)) return false;
  if (TERMINAL.test(t) && !/\?\s*$/.test(t)) return false;
  if (/@|https?:|www\.|\s{3,}/.test(t)) return false;
  if (/\S:\s+\S/.test(t)) return false; // "Email: x", "Last updated: June 2024"
  if (DATE_STAMP.test(t)) return false; // "Last updated 2023-11-02", "Effective:May 1, 2024"
  const words = t.split(/\s+/);
  if (words.length > maxWords) return false;
  // Prose fragments carry several lowercase function words in a row; headings rarely do, except
  // headings phrased as indirect questions ("How we use your information", "What we collect about you").
  if (/^(?:how|why|what|who|when|where|which)\b/i.test(t)) return true;
  return !/\b(?:is|are|was|were|will|we|you|can|may)\s+[a-z]+\s+[a-z]+\s+[a-z]+/.test(t) || words.length <= 5;
}

/**
 * An address or signature block pasted one part per line ("Acme Ltd" / "Attn: Privacy" / "PO Box 12")
 * looks like a run of title lines with nothing under them. A run of two or more title lines separated
 * only by blank lines, one of which carries a digit (house number, PO box, postcode), is an address:
 * its lines are prose, so contact details in it are read like any other text.
 */
function demoteAddressRuns(info: LineInfo[], kinds: Array<{ style: HeadingStyle } | null>): void {
  let run: number[] = [];
  const close = () => {
    if (run.length >= 2 && run.some((j) => /\d/.test(info[j]!.text))) for (const j of run) kinds[j] = null;
    run = [];
  };
  for (let i = 0; i < info.length; i++) {
    if (info[i]!.blank) continue;
    if (kinds[i]?.style === 'title') run.push(i);
    else close();
  }
  close();
}

function isAllCaps(s: string): boolean {
  const letters = s.replace(/[^A-Za-z]/g, '');
  if (letters.length < 3) return false;
  const upper = letters.replace(/[^A-Z]/g, '').length;
  return upper / letters.length >= 0.85;
}

function isHeadingShaped(s: string): boolean {
  const t = s.trim();
  return t.length <= 90 && titleish(t, 14) && !TERMINAL.test(t);
}

function isShortFragment(s: string): boolean {
  const t = s.trim();
  return t.length > 0 && t.length <= 45 && !SENTENCE_END.test(t);
}

function previousNonBlank(info: LineInfo[], i: number): { line: LineInfo; adjacent: boolean } | null {
  for (let j = i - 1; j >= 0; j--) if (!info[j]!.blank) return { line: info[j]!, adjacent: j === i - 1 };
  return null;
}

function nextNonBlank(info: LineInfo[], i: number): LineInfo | null {
  for (let j = i + 1; j < info.length; j++) if (!info[j]!.blank) return info[j]!;
  return null;
}

/**
 * Numbered headings nest by their numbering depth ("1." = 2, "1.1" = 3); un-numbered title lines under
 * a numbered heading sit one level below it; ALL-CAPS headings rank above title lines.
 */
function assignLevels(headings: Heading[]): void {
  const anyNumbered = headings.some((h) => h.style === 'numbered');
  const anyCaps = headings.some((h) => h.style === 'caps');
  let lastNumbered = 1;
  let seenCaps = false;
  for (const h of headings) {
    if (h.style === 'numbered') {
      const depth = (h.numbering ?? '').replace(/\.$/, '').split('.').length;
      h.level = Math.min(6, depth + 1);
      lastNumbered = h.level;
    } else if (h.style === 'caps') {
      h.level = anyNumbered ? lastNumbered : 2;
      seenCaps = true;
    } else {
      h.level = anyNumbered ? Math.min(6, lastNumbered + 1) : anyCaps && seenCaps ? 3 : 2;
    }
  }
}
