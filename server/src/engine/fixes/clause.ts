// Writes a missing clause into a policy the way the policy itself is written: same heading syntax,
// level and numbering, same line endings and paragraph spacing, placed before the contact section or
// at the end. Clause templates come from rules/*.yaml; organisation facts fill their slots and unknown
// facts stay as visible [PLACEHOLDERS] that the unfilled-placeholder rule reports until someone fills them.

import type { Organization } from '../config/config.js';
import type { Analysis } from '../detect/detector.js';
import type { PolicyDocument, Section } from '../document/model.js';
import { chunks, frontMatterEnd, parseChunk, readsLineByLine } from '../document/markdown.js';
import { POLICY_TITLE } from '../document/model.js';
import type { Placement } from '../catalogue/schema.js';
import type { TextEdit } from '../types.js';

export const SLOT_PLACEHOLDERS: Record<string, string> = {
  'organization.name': '[ORGANIZATION NAME]',
  'organization.email': '[PRIVACY EMAIL]',
  'organization.postalAddress': '[POSTAL ADDRESS]',
  'organization.phone': '[PHONE NUMBER]',
  'organization.website': '[WEBSITE URL]',
  'organization.dpoEmail': '[DPO EMAIL]',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function formatDate(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** Replaces {{organization.x}} and {{today}} slots; unknown facts become visible placeholders. */
export function fillTemplate(template: string, org: Organization, today: Date): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, slot: string) => {
    if (slot === 'today') return formatDate(today);
    if (slot.startsWith('organization.')) {
      const value = org[slot.slice('organization.'.length) as keyof Organization];
      return value ?? SLOT_PLACEHOLDERS[slot] ?? `[${slot.toUpperCase()}]`;
    }
    return `[${slot.toUpperCase()}]`;
  });
}

interface Layout {
  /** Level of the policy's main sections. */
  level: number;
  /** A main section to copy the heading style from (null: the policy has no headings). */
  model: Section | null;
  /** The policy's title section, if it has one. */
  title: Section | null;
  mainSections: Section[];
}

function layoutOf(doc: PolicyDocument): Layout {
  const sections = doc.sections.filter((s) => s.heading && !s.navigation);
  // The title is the first heading, or a policy title ("PRIVACY NOTICE") under a masthead line or two of a
  // lower level (the company name above it). A masthead is no main section: a clause inserted "before"
  // it would land above the title, where the next lint reads it as site navigation.
  const at = sections.findIndex(
    (s, i) =>
      (i === 0 && (s.level === 1 || POLICY_TITLE.test(s.heading!.text))) ||
      (i > 0 && i < 3 && POLICY_TITLE.test(s.heading!.text) && sections.slice(0, i).every((m) => m.level > s.level)),
  );
  const title = at >= 0 ? sections[at]! : null;
  const rest = title ? sections.slice(at + 1) : sections;
  if (rest.length === 0) return { level: title ? Math.min(6, title.level + 1) : doc.format === 'markdown' ? 2 : 2, model: null, title, mainSections: [] };
  const level = Math.min(...rest.map((s) => s.level));
  const mainSections = rest.filter((s) => s.level === level);
  return { level, model: mainSections[mainSections.length - 1]!, title, mainSections };
}

/** Where a clause goes: before the contact section when the policy has one, else at the end. */
function insertionPoint(a: Analysis, layout: Layout, placement: Placement): { offset: number; before: Section | null } {
  const doc = a.doc;
  if (placement === 'after-title') {
    if (layout.title) return { offset: lineEndAfter(doc, layout.title.heading!.span.end), before: null };
    return { offset: doc.contentStart, before: null };
  }
  const numbered = layout.mainSections.some((s) => s.heading!.numbering);
  if (placement === 'before-contact' && !numbered) {
    // The main section holding the last contact heading (contact sections are usually last).
    const contact = [...a.topicSections.contact].reverse().map((s) => mainAncestor(doc, s, layout.level)).find((s) => s !== null);
    // Before the contact heading's line: in a policy written as a numbered list ("3. Contact") the
    // heading starts after the list marker, and inserting there would split "3. " from "Contact".
    if (contact) return { offset: doc.lines.starts[doc.lines.lineAt(contact.span.start)]!, before: contact };
  }
  // Numbered policies get the clause after their last section with the next number, so no existing
  // heading has to be renumbered (a fix never rewrites the user's text).
  return { offset: doc.text.length, before: null };
}

function mainAncestor(doc: PolicyDocument, s: Section, level: number): Section | null {
  let cur: Section | undefined = s;
  while (cur && cur.level > level) cur = cur.parent === null ? undefined : doc.sections[cur.parent];
  return cur && cur.level === level && cur.heading ? cur : null;
}

function lineEndAfter(doc: PolicyDocument, offset: number): number {
  const line = doc.lines.lineAt(Math.max(0, offset - 1));
  return doc.lines.starts[line + 1] ?? doc.text.length;
}

function nextNumber(numbering: string): string {
  const dot = numbering.endsWith('.');
  const core = dot ? numbering.slice(0, -1) : numbering;
  if (/^\d+(\.\d+)*$/.test(core)) {
    const parts = core.split('.');
    parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + 1);
    return parts.join('.') + (dot ? '.' : '');
  }
  if (/^[IVXLC]+$/.test(core)) return toRoman(fromRoman(core) + 1) + (dot ? '.' : '');
  if (/^[A-Z]$/.test(core)) return String.fromCharCode(core.charCodeAt(0) + 1) + (dot ? '.' : '');
  return '';
}

function fromRoman(s: string): number {
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s[i]!]!;
    const next = v[s[i + 1]!] ?? 0;
    n += cur < next ? -cur : cur;
  }
  return n;
}

function toRoman(n: number): string {
  const table: Array<[number, string]> = [[100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) {
    out += s;
    n -= v;
  }
  return out;
}

function renderHeading(doc: PolicyDocument, layout: Layout, heading: string): string[] {
  const model = layout.model?.heading ?? null;
  let number = '';
  if (model?.numbering) {
    const last = layout.mainSections.filter((s) => s.heading!.numbering).pop()!;
    const next = nextNumber(last.heading!.numbering!);
    if (next) number = `${next} `;
  }
  const style = model?.style ?? (doc.format === 'markdown' ? 'atx' : 'title');
  const text = `${number}${style === 'caps' ? heading.toUpperCase() : heading}`;
  // A line "3. Contact Us" starts an ordered list in Markdown, not a heading (a setext underline after it
  // is a thematic break): escape its dot.
  const line = doc.format === 'markdown' && number ? text.replace(/^(\d+)([.)])/, '$1\\$2') : text;
  switch (style) {
    case 'atx':
      return [`${'#'.repeat(layout.level)} ${text}`];
    case 'setext':
      return [line, (layout.level === 1 ? '=' : '-').repeat(Math.max(3, line.length))];
    case 'bold':
      return [`**${text}**`];
    default:
      return [line];
  }
}

/** Plain text pasted from the web often has no blank lines; keep whatever spacing the policy uses. */
function usesBlankLines(doc: PolicyDocument): boolean {
  if (doc.format === 'markdown') return true;
  let blank = 0;
  let filled = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < doc.lines.lineCount; i++) {
    if (doc.lines.lineText(i).trim() === '') continue;
    if (first < 0) first = i;
    last = i;
  }
  for (let i = Math.max(0, first); i <= last; i++) {
    if (doc.lines.lineText(i).trim() === '') blank++;
    else filled++;
  }
  // Interior blank lines only: a trailing newline does not make a policy "spaced".
  return filled > 0 && blank / filled >= 0.2;
}

/** Text ending in a blank line. A lone CR must not be followed by LF: the CR of one CRLF is no line of its own. */
const BLANK_LINE_AT_END = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)$/;

/**
 * The edit that inserts a clause (heading + body) into the policy. The body is plain prose with
 * paragraphs separated by blank lines and "- " list items, re-spaced for the target document.
 */
export function clauseEdit(a: Analysis, heading: string, body: string, placement: Placement): TextEdit {
  const doc = a.doc;
  const eol = doc.eol;
  const layout = layoutOf(doc);
  let { offset } = insertionPoint(a, layout, placement);
  if (placement === 'after-title') {
    // Step over blank lines after the title so the new line sits between them and the text, not above them.
    const m = /^(?:[ \t]*(?:\r\n|\r|\n))+/.exec(doc.text.slice(offset, offset + 200));
    if (m && offset + m[0].length < doc.text.length) offset += m[0].length;
  }
  const gap = usesBlankLines(doc);
  const paragraphs = body.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/).map((p) => p.trim().split('\n').map((l) => l.trim()));
  const lines: string[] = placement === 'after-title' ? [] : renderHeading(doc, layout, heading);
  for (const p of paragraphs) {
    if (gap && lines.length) lines.push('');
    lines.push(...p);
  }
  let text = lines.join(eol);
  const before = doc.text.slice(Math.max(0, offset - 2 * eol.length), offset);
  const atStart = offset === 0 || offset <= doc.contentStart;
  if (offset >= doc.text.length) {
    // Appending: finish the last line, leave a blank line, end with a newline.
    const endsWithEol = /(\r\n|\r|\n)$/.test(doc.text);
    const endsWithBlank = BLANK_LINE_AT_END.test(doc.text);
    // A code fence or HTML comment left open runs to the end of the file and would swallow the clause:
    // close it first. The policy reads as before (the construct ended there anyway), the clause shows.
    const closer = doc.format === 'markdown' ? openAtEndOf(doc) : null;
    const lead =
      doc.text.length === 0 ? '' : closer ? (endsWithEol ? '' : eol) + closer + eol + eol : (endsWithEol ? '' : eol) + (gap && !endsWithBlank ? eol : '');
    return { range: [offset, offset], text: keepNeighbourBreaks(doc.text, offset, lead + text + eol) };
  }
  const needLead = !atStart && gap && !BLANK_LINE_AT_END.test(before) ? eol : '';
  text = needLead + text + eol + (gap ? eol : '');
  return { range: [offset, offset], text: keepNeighbourBreaks(doc.text, offset, text) };
}

/**
 * The line that closes what is still open at the end of a Markdown text: a fenced code block or an HTML
 * comment that runs to the end. Null when nothing is open. A line scan guesses (a fence of the same
 * character, at least as long, closes; a comment started at a line start is open until "-->"), and a
 * parse of the text's last chunk checks the guess: the scan does not know HTML blocks ("<h1>~~~~</h1>"
 * then "~~~~" opens nothing) or list items (a fence in one ends with it, and a later fence line opens
 * one). The last chunk reads as it does in the whole text, and so does a paragraph appended to it.
 */
export function openConstructAtEnd(text: string): string | null {
  // The reader parses the text without its byte-order mark, and so must this: "\uFEFF<div>" does not
  // start an HTML block, and a fence line inside the block looked open.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Most policies have no fence and no comment at all: nothing can be open, and the chunk scan and
  // parse below (3 % of a cold lint) are not needed.
  if (text.search(FENCE_LINES) < 0 && !text.includes('<!--')) return null;
  const cs = chunks(text, frontMatterEnd(text));
  const last = cs[cs.length - 1]!;
  const tail = last.prefix + text.slice(last.start);
  // Nested this deep, the reader reads the chunk line by line (hostile nesting), where no fence or
  // comment is read and an appended clause always shows: nothing to close.
  if (readsLineByLine(tail)) return null;
  if (readsAppended(tail, null)) return null;
  // Closers to try: the guess, then every fence written in the tail (in a list item, a quote…), then "-->".
  const guess = scanOpenConstruct(text);
  const candidates = new Set<string>();
  if (guess) candidates.add(guess);
  for (const m of tail.matchAll(FENCE_LINES)) candidates.add(m[1]!);
  candidates.add('-->');
  for (const c of [...candidates].slice(0, 12)) if (readsAppended(tail, c)) return c;
  return guess;
}

/** openConstructAtEnd per document: once per lint, not per appended clause (it may scan and parse). */
const openAtEnd = new WeakMap<PolicyDocument, string | null>();
function openAtEndOf(doc: PolicyDocument): string | null {
  let v = openAtEnd.get(doc);
  if (v === undefined) openAtEnd.set(doc, (v = openConstructAtEnd(doc.text)));
  return v;
}

/** Fence lines, in list items and quotes too. A literal: run-time RegExps are reviewed (workspace-data tests). */
const FENCE_LINES = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})/gm;

const PROBE = 'This sentence was appended after the policy to see how it is read.';

/**
 * Whether a paragraph appended after `tail` (and after `closer` on a line of its own) is read as prose.
 * The probe is written with the tail's last line ending, as a clause next to it is (keepNeighbourBreaks):
 * an LF after a lone CR would make one CRLF, not the blank line that ends an HTML block.
 */
function readsAppended(tail: string, closer: string | null): boolean {
  const nl = /(\r\n|\r|\n)[^\r\n]*$/.exec(tail)?.[1] ?? '\n';
  const eol = /(?:\r\n|\r|\n)$/.test(tail) || !tail ? '' : nl;
  const src = `${tail}${eol}${closer ? `${closer}${nl}` : ''}${nl}${PROBE}${nl}`;
  const at = src.length - PROBE.length - nl.length;
  const read = parseChunk(src);
  return read.blocks.some((b) => b.span.start === at && b.kind === 'paragraph') || read.headings.some((h) => h.span.start === at);
}

/** The line scan's guess (see openConstructAtEnd). */
function scanOpenConstruct(text: string): string | null {
  let fence: string | null = null;
  let comment = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (comment) {
      if (line.includes('-->')) comment = false;
      continue;
    }
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = null;
      continue;
    }
    const open = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/.exec(line);
    if (open) fence = open[1]!;
    else if (/^ {0,3}<!--/.test(line) && !line.slice(line.indexOf('<!--') + 4).includes('-->')) comment = true;
  }
  return fence ?? (comment ? '-->' : null);
}

/** Whether an inserted text starts by closing an open construct (see openConstructAtEnd). */
export function closerOf(insert: string): string | null {
  const m = /^(?:\r\n|\r|\n)?(`{3,}|~{3,}|-->)(?:\r\n|\r|\n){2}/.exec(insert);
  return m ? m[0] : null;
}

/**
 * In a file with mixed line endings, an inserted LF right after a lone CR (or an inserted CR right before
 * an LF) would merge with it into one CRLF and change a line ending the file already has: there the
 * inserted breaks take the neighbour's kind instead.
 */
export function keepNeighbourBreaks(text: string, offset: number, insert: string): string {
  if (text[offset - 1] === '\r' && insert.startsWith('\n')) insert = insert.replace(/^\n+/, (m) => '\r'.repeat(m.length));
  if (text[offset] === '\n' && insert.endsWith('\r')) insert = insert.replace(/\r+$/, (m) => '\n'.repeat(m.length));
  return insert;
}
