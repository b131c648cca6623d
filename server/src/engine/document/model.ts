// The one document model every rule sees, whatever the source format: sections with headings,
// leaf blocks (paragraphs, list items, table rows) and a "plain" twin of the text.
// `plain` has exactly the length and line breaks of `text`, with markup blanked to spaces, so an
// offset found in `plain` is the same offset in `text` and no position mapping is ever needed.

import type { Eol, LineIndex } from '../text/line-index.js';
import type { Span } from '../types.js';

export type DocumentFormat = 'markdown' | 'text';

/** How a heading is written, so an inserted heading can be written the same way. */
export type HeadingStyle = 'atx' | 'setext' | 'bold' | 'numbered' | 'caps' | 'title';

export interface Heading {
  /** Heading text without markers or numbering, e.g. "Children's Privacy". */
  text: string;
  /** 1 (document title) to 6. */
  level: number;
  /** Numbering as written, e.g. "9.", "1.1", "IV." — null when the heading is not numbered. */
  numbering: string | null;
  style: HeadingStyle;
  /** The heading line(s), including markers. */
  span: Span;
}

export type BlockKind = 'paragraph' | 'list-item' | 'table-row' | 'html';

export interface Block {
  kind: BlockKind;
  span: Span;
  section: number;
}

export interface Section {
  index: number;
  /** null only for the preamble before the first heading. */
  heading: Heading | null;
  /** 0 for the preamble. */
  level: number;
  /** From the heading to the end of the section, subsections included. */
  span: Span;
  /** End of the section's own content: where the next heading of any level starts. */
  ownEnd: number;
  parent: number | null;
  children: number[];
  blocks: Block[];
  /** True for site navigation and front matter before the policy's real title. */
  navigation: boolean;
}

/** An HTML comment in Markdown (suppression directives live in these). */
export interface Comment {
  span: Span;
  body: string;
}

export interface PolicyDocument {
  uri: string;
  format: DocumentFormat;
  text: string;
  plain: string;
  lines: LineIndex;
  eol: Eol;
  sections: Section[];
  blocks: Block[];
  comments: Comment[];
  /** Where the policy proper starts (after navigation or front matter). */
  contentStart: number;
}

/** The section whose own content contains `offset`. */
export function sectionAt(doc: PolicyDocument, offset: number): Section {
  let found = doc.sections[0]!;
  for (const s of doc.sections) {
    if (s.span.start <= offset) found = s;
    else break;
  }
  return found;
}

/** Headings of a section and all its ancestors, innermost first. */
export function headingChain(doc: PolicyDocument, section: Section): Heading[] {
  const out: Heading[] = [];
  let s: Section | undefined = section;
  while (s) {
    if (s.heading) out.push(s.heading);
    s = s.parent === null ? undefined : doc.sections[s.parent];
  }
  return out;
}

/** Builds the section tree from headings in document order; shared by both formats. */
export function buildSections(
  textLength: number,
  headings: Heading[],
  blocks: Array<Omit<Block, 'section'>>,
  contentStart: number,
): { sections: Section[]; blocks: Block[] } {
  const sections: Section[] = [];
  const firstStart = headings.length ? headings[0]!.span.start : textLength;
  if (firstStart > 0 || headings.length === 0) {
    sections.push({
      index: 0,
      heading: null,
      level: 0,
      span: { start: 0, end: textLength },
      ownEnd: firstStart,
      parent: null,
      children: [],
      blocks: [],
      // Navigation only when the policy proper starts at or after the first heading: text between front
      // matter and the first heading ("Last updated …", an intro) is policy text.
      navigation: contentStart > 0 && contentStart >= firstStart,
    });
  }
  const stack: Section[] = [];
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i]!;
    const nextStart = i + 1 < headings.length ? headings[i + 1]!.span.start : textLength;
    while (stack.length && stack[stack.length - 1]!.level >= h.level) stack.pop();
    const parent = stack.length ? stack[stack.length - 1]! : null;
    const section: Section = {
      index: sections.length,
      heading: h,
      level: h.level,
      span: { start: h.span.start, end: textLength },
      ownEnd: nextStart,
      parent: parent ? parent.index : null,
      children: [],
      blocks: [],
      navigation: h.span.start < contentStart,
    };
    if (parent) parent.children.push(section.index);
    sections.push(section);
    stack.push(section);
  }
  // A section ends where the next heading of the same or a higher level starts.
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    if (!s.heading) continue;
    for (let j = i + 1; j < sections.length; j++) {
      const t = sections[j]!;
      if (t.heading && t.level <= s.level) {
        s.span = { start: s.span.start, end: t.span.start };
        break;
      }
    }
  }
  const placed: Block[] = [];
  let si = 0;
  for (const b of blocks) {
    while (si + 1 < sections.length && sections[si + 1]!.span.start <= b.span.start) si++;
    const block: Block = { ...b, section: si };
    sections[si]!.blocks.push(block);
    placed.push(block);
  }
  return { sections, blocks: placed };
}

/** Replaces every character in `ranges` except line breaks with a space; the length never changes. */
export function blankRanges(text: string, ranges: Span[]): string {
  if (ranges.length === 0) return text;
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let pos = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, pos);
    if (r.end <= start) continue;
    parts.push(text.slice(pos, start));
    parts.push(text.slice(start, r.end).replace(/[^\r\n]/g, ' '));
    pos = r.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

const NUMBERING = /^\s*((?:\d{1,3}(?:\.\d{1,3})*\.?)|(?:[IVXLC]{1,6}\.)|(?:[A-Z]\.)|(?:\(\w{1,4}\)))\s+(?=\S)/;

/** Splits "9. Children's Privacy" into numbering "9." and text. */
export function splitNumbering(raw: string): { numbering: string | null; text: string } {
  const m = NUMBERING.exec(raw);
  if (!m) return { numbering: null, text: raw.trim() };
  return { numbering: m[1]!, text: raw.slice(m[0].length).trim() };
}

/** Finds the line that titles the policy ("Privacy Policy", "Acme Privacy Notice") near the top. */
export const POLICY_TITLE = /^(?:[\w’'&.,-]+\s+){0,5}privacy(?:\s+(?:&|and)\s+cookies?)?\s+(?:policy|notice|statement|policies)\b[^.!?]{0,40}$/i;
