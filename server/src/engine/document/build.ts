// Builds a PolicyDocument from text: picks the reader for the format, finds the policy's own title
// (anything before it that looks like site navigation is kept out of detection), and assembles sections.
// A DocumentBuilder keeps the Markdown chunk cache, so the language server reuses one per document.

import { LineIndex, type Eol } from '../text/line-index.js';
import type { Span } from '../types.js';
import { MarkdownReader, type MarkdownParse } from './markdown.js';
import type { DocumentFormat, Heading, PolicyDocument } from './model.js';
import { POLICY_TITLE, blankRanges, buildSections } from './model.js';
import { parsePlainText } from './plain-text.js';

const MARKDOWN_EXT = /\.(md|markdown|mdown|mkd|mkdn|mdx)$/i;

/** `.md`/`.markdown` are Markdown; everything else (`.txt`, no extension, …) is read as plain text. */
export function formatForPath(path: string): DocumentFormat {
  return MARKDOWN_EXT.test(path) ? 'markdown' : 'text';
}

export class DocumentBuilder {
  private markdown = new MarkdownReader();

  build(uri: string, text: string, format: DocumentFormat): PolicyDocument {
    const lines = new LineIndex(text);
    let headings: Heading[];
    let blocks;
    let plain: string;
    let comments: PolicyDocument['comments'] = [];
    let start = 0;
    // A leading byte order mark is no text. The CLI strips it, an editor may not, and micromark drops it
    // silently, which put every Markdown offset one short: read what follows it and blank the mark.
    const bom = text.charCodeAt(0) === 0xfeff;
    if (format === 'markdown') {
      const md = bom ? shifted(this.markdown.parse(text.slice(1)), 1) : this.markdown.parse(text);
      ({ headings, blocks, comments, plain } = md);
      start = md.frontMatterEnd;
    } else {
      let blanks: Span[];
      ({ headings, blocks, blanks } = parsePlainText(bom ? ` ${text.slice(1)}` : text, lines));
      if (bom) blanks = [{ start: 0, end: 1 }, ...blanks];
      // A heading on the first line starts after the mark, as a Markdown one does: from offset 0 it lay
      // before the policy's start (1) and its section was taken for navigation.
      if (bom) for (const h of headings) if (h.span.start === 0) h.span = { start: 1, end: h.span.end };
      plain = blankRanges(text, blanks);
    }
    // The policy starts after the mark: a clause inserted "at the top" must not go before it.
    if (bom) start = Math.max(start, 1);
    const contentStart = Math.max(start, findContentStart(text, lines, headings, format));
    const built = buildSections(text.length, headings, blocks, contentStart);
    return {
      uri,
      format,
      text,
      plain,
      lines,
      eol: eolOf(text, lines),
      sections: built.sections,
      blocks: built.blocks,
      comments,
      contentStart,
    };
  }
}

/** The mark itself reads as a space in the plain twin; everything after it moves by `by`. */
function shifted(md: MarkdownParse, by: number): MarkdownParse {
  const s = (x: Span): Span => ({ start: x.start + by, end: x.end + by });
  return {
    headings: md.headings.map((h) => ({ ...h, span: s(h.span) })),
    blocks: md.blocks.map((b) => ({ ...b, span: s(b.span) })),
    comments: md.comments.map((c) => ({ ...c, span: s(c.span) })),
    plain: ' '.repeat(by) + md.plain,
    frontMatterEnd: md.frontMatterEnd ? md.frontMatterEnd + by : 0,
  };
}

/**
 * dominantEol from the line starts the LineIndex already found: one look per line break instead of a
 * second pass over every character (the same counts, so the same answer).
 */
function eolOf(text: string, lines: LineIndex): Eol {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  const starts = lines.starts;
  for (let i = 1; i < starts.length; i++) {
    const s = starts[i]!;
    if (text.charCodeAt(s - 1) === 13) cr++;
    else if (text.charCodeAt(s - 2) === 13) crlf++;
    else lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

/**
 * The policy title near the top ("Privacy Policy") becomes the level-1 heading of a plain-text policy.
 * Lines before it count as navigation when they are mostly short menu entries (seed-004 style) and none
 * is a paragraph of prose (over 160 characters and two sentences or more: a banner such as "Try our
 * annotator now. No credit card required." is shorter).
 * "Near the top" is the first 80 lines, whatever the length of the text: with a share of the length
 * as well, appending clauses with --fix brought the title into range and turned a short section above
 * it into navigation, so a clause added there was no longer read.
 */
function findContentStart(text: string, lines: LineIndex, headings: Heading[], format: DocumentFormat): number {
  const limit = lines.starts[Math.min(lines.lineCount - 1, 80)] ?? text.length;
  const title = headings.find((h) => h.span.start <= limit && POLICY_TITLE.test(h.text));
  if (!title) return 0;
  if (format === 'text') {
    title.level = 1;
    for (const h of headings) if (h !== title && h.level === 1) h.level = 2;
  }
  const before = text.slice(0, title.span.start).split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  if (before.length < 3) return 0;
  const short = before.filter((l) => l.trim().length <= 40).length;
  const dated = before.some((l) => /\b(updated|effective|revised|last modified)\b/i.test(l));
  const prose = before.some((l) => l.length > 160 && /\w[.!?]["'”’)]*\s+["'“‘(]?[A-Z]/.test(l));
  return !dated && !prose && short / before.length >= 0.7 ? title.span.start : 0;
}
