// Reads Markdown into headings, leaf blocks and a blanking list for the plain twin of the text.
// The text is cut into chunks that CommonMark parses the same on their own as inside the whole text, and
// each chunk is parsed on its own, so an edit re-parses only the chunk it touched (chunks are cached by
// their text). Walks are iterative: pathological nesting (thousands of quotes or lists) must not overflow
// the stack.

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Nodes, Parents, Root } from 'mdast';
import type { Span } from '../types.js';
import type { Block, Comment, Heading } from './model.js';
import { blankRanges, splitNumbering } from './model.js';
import { TextMemo, detached } from './memo.js';
import { titleish } from './plain-text.js';

const processor = unified().use(remarkParse);

/** What one chunk contributes, with offsets relative to the chunk start. */
export interface ChunkParse {
  headings: Heading[];
  blocks: Array<Omit<Block, 'section'>>;
  blanks: Span[];
  comments: Comment[];
  /** Link reference definitions ("[label]: url"): their labels (see ChunkRead), where they start. */
  definitions: Array<{ label: string; at: number }>;
}

/** What a chunk contributes to the document: its parse with the markup blanked into its plain twin. */
export interface ChunkRead {
  headings: Heading[];
  blocks: Array<Omit<Block, 'section'>>;
  comments: Comment[];
  /** The chunk's text with markup blanked to spaces (same length, same line breaks). */
  plain: string;
  /** Labels of the link reference definitions in the chunk (mdast's identifier: escapes kept, case folded). */
  definitions: string[];
}

export interface MarkdownParse extends Omit<ChunkRead, 'definitions'> {
  frontMatterEnd: number;
}

/** An ATX heading at column 0 (an indented one may sit inside a list item: no cut there). */
const ATX = /^#{1,6}(?:[ \t]|\r?$)/;
/** An HTML block that is exactly one heading element, on one line. */
const HTML_HEADING = /^\s*<h([1-6])\b[^>\n]*>[^<\n]*(?:<(?!\/?h[1-6]\b)[^>\n]*>[^<\n]*)*<\/h\1\s*>\s*$/i;
/** A fence opener (a backtick fence's info string has no backtick) and a closer (nothing after it). */
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/;
/** A fence opened anywhere inside a list item (after indentation, list markers or quote markers). */
const NESTED_FENCE = /^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)*(?:`{3,}|~{3,})/;
/** A top-level list item whose content starts on its marker line: marker, 1-4 spaces, text. */
const ITEM = /^(?:[-*+]|\d{1,9}[.)])( {1,4})(?=[^ \t\r])/;
const HTML_LINE = /^ {0,3}</;
const LINE_END = /\r\n?|\n/g;
const THEMATIC_BREAK = /^(?:[-*_][ \t]*){3,}\r?$/;
/** Starts of CommonMark HTML blocks of types 1-5 (which run across blank lines) and what ends each. */
const HTML_OPEN = /<(?:script|pre|style|textarea)(?=[\s>]|$)|<!--|<\?|<!\[CDATA\[|<![A-Za-z]/gi;
function htmlEnd(open: string): string {
  const o = open.toLowerCase();
  if (o === '<!--') return '-->';
  if (o === '<?') return '?>';
  if (o === '<![cdata[') return ']]>';
  if (o.startsWith('<!')) return '>';
  return `</${o.slice(1)}>`;
}

/** One piece of the text parsed on its own. `prefix` is parsed before it and dropped (see `chunks`). */
export interface Chunk {
  start: number;
  end: number;
  prefix: string;
}

export type Chunking = 'fine' | 'atx' | 'none';

/**
 * A chunk ends before an ATX heading and before every paragraph that CommonMark reads the same whatever
 * came before it:
 * - a line at column 0 after a blank line, outside fenced code and HTML blocks of types 1-5 (nothing
 *   else carries a block over a blank line to a line with no indentation);
 * - a top-level list item (marker at column 0, content on the marker line) right after a line of the
 *   previous top-level item, blank or not: CommonMark starts an item there whatever that line was;
 * - inside a top-level list item whose marker line has content, a line after a blank line indented to the
 *   item's content column (or one more), once the item has a second block, when no fence was seen in
 *   the item. Such a chunk is parsed behind a synthetic item with a marker of the same kind and width
 *   ("1. x" and a blank line for "7. …"), so its content column, list nesting, indented-code
 *   boundaries and sibling items are those of the real item; the synthetic nodes are dropped. Policies
 *   written as one long numbered list (p01 in the corpus: a 47 KB item) get paragraph-sized chunks.
 * Every such line cuts: whether a line cuts depends only on the lines before it up to the last blank
 * line, so an edit never moves a chunk boundary elsewhere (a minimum chunk size would shift every later
 * boundary and make the rest of the text a cache miss). A cold parse still costs one remark call per
 * run of chunks, not per chunk (MarkdownReader.parse).
 */
export function chunks(text: string, from: number, mode: Chunking = 'fine'): Chunk[] {
  const out: Chunk[] = [];
  let chunkStart = from;
  let prefix = '';
  const cut = (at: number, nextPrefix: string) => {
    out.push({ start: chunkStart, end: at, prefix });
    chunkStart = at;
    prefix = nextPrefix;
  };
  let fence: string | null = null;
  const html = new Set<string>();
  let prevBlank = true;
  // The last non-blank line may be indented code: micromark then reads the next block as interrupting
  // it, so "4. text" or an empty list item after it is a paragraph, not a list. No cut after one.
  let afterCode = false;
  // The lines since the last blank line may hold an HTML block of type 6 or 7 (one may interrupt a
  // paragraph), which a heading line does not end ("<p>…\n# x\n…</p>" is one block).
  let htmlRun = false;
  let item: { column: number; marker: string; second: boolean; noCuts: boolean } | null = null;
  // A fence opener inside what may be an HTML block: whether it opens a fence depends on where that
  // block really ends, which this line scan only approximates. Rather than guess, no more cuts.
  let uncertain = false;
  let pos = from;
  LINE_END.lastIndex = pos;
  while (pos < text.length && mode !== 'none' && !uncertain) {
    // CommonMark ends lines at LF, CRLF and a lone CR alike ("\r~~~~" opens a fence).
    const m = LINE_END.exec(text);
    const end = m ? m.index : text.length;
    const next = m ? m.index + m[0].length : text.length;
    const line = text.slice(pos, end);
    const blank = isBlank(line);
    const inHtml = html.size > 0;
    // Fenced code is literal: an HTML opener inside it opens nothing.
    if (!fence && (line.includes('<') || inHtml)) trackHtml(line, html);
    const f: RegExpExecArray | null = fence ? FENCE_CLOSE.exec(line) : FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
      if (item) item.noCuts = true;
    } else if (f && (inHtml || htmlRun)) {
      uncertain = true;
      break;
    } else if (f && line.charCodeAt(0) === 32) {
      // An indented fence may belong to a list item the scan does not follow (after a lazy line, or
      // nested), and then ends where the item ends, not at a closing fence: "- a\n  ```\n```\n# H"
      // reads "# H" as code. Which it is, the scan cannot tell: no more cuts.
      uncertain = true;
      break;
    } else if (f) {
      fence = f[1]!;
      if (item) item.noCuts = true;
    } else if (pos > from && !inHtml && !htmlRun && ATX.test(line)) {
      cut(pos, '');
      item = null;
    } else if (mode === 'fine' && !blank) {
      const c0 = line.charCodeAt(0);
      // micromark drops a byte order mark that starts its input: a chunk must never start with one.
      const column0 = c0 !== 32 && c0 !== 9 && c0 !== 0xfeff;
      if (column0) {
        const m = ITEM.exec(line);
        const isItem = m !== null && !THEMATIC_BREAK.test(line);
        if (prevBlank && !inHtml && !afterCode && pos > from) cut(pos, '');
        // An item right after a line of a top-level item (a tight list) starts an item whatever came
        // before: a sibling, or a new list when the marker differs. Policies written as one tight list
        // (sections as items, their clauses nested under them) get one chunk per top-level item. Every
        // line since the item's marker was indented into it, so indented code there is the item's own
        // (micromark reads "4. b" after top-level indented code as a paragraph, not after an item's).
        else if (isItem && item !== null && !item.noCuts && !inHtml && !htmlRun && pos > from) cut(pos, '');
        // A new item after a blank line or next to a previous item (the previous item's own indented
        // code does not matter there); any other line at column 0 either ends the item or continues it
        // lazily, and neither leaves a place to cut safely.
        item = isItem && !inHtml && (prevBlank ? !afterCode : item !== null) ? { column: m![0].length, marker: m![0].replace(/\d/g, '1'), second: false, noCuts: false } : null;
      } else if (item) {
        const indent = leadingSpaces(line);
        if (NESTED_FENCE.test(line)) item.noCuts = true;
        if (indent < item.column) {
          // Less indented than the item's content (or a tab, whose column depends on tab stops): the item
          // ended, or the line continues a paragraph lazily. Either way, no more cuts inside this item.
          item = null;
        } else if (prevBlank) {
          if (item.second && !item.noCuts && !inHtml && !afterCode && indent <= item.column + 1) {
            cut(pos, `${item.marker}x\n\n`);
          }
          item.second = true;
        }
      }
    }
    htmlRun = !blank && ((htmlRun && !prevBlank) || HTML_LINE.test(line));
    if (!blank) {
      const indent = leadingSpaces(line);
      afterCode = indent < 0 || indent >= (item ? item.column : 0) + 4;
    }
    prevBlank = blank;
    pos = next;
    LINE_END.lastIndex = pos;
  }
  out.push({ start: chunkStart, end: text.length, prefix });
  return out;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Leading spaces of a line, or -1 when its indentation holds a tab. */
function leadingSpaces(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return line.charCodeAt(i) === 9 ? -1 : i;
}

/**
 * Keeps the set of HTML blocks of types 1-5 that may be open after `line`. Over-approximates: an opener
 * anywhere in the line counts (real blocks open only at a line start), so a cut is never placed inside one.
 */
function trackHtml(line: string, open: Set<string>): void {
  const lower = line.toLowerCase();
  for (const e of [...open]) if (lower.includes(e)) open.delete(e);
  if (!line.includes('<')) return;
  HTML_OPEN.lastIndex = 0;
  for (let m = HTML_OPEN.exec(line); m; m = HTML_OPEN.exec(line)) {
    const e = htmlEnd(m[0]);
    if (lower.indexOf(e, m.index) < 0) open.add(e);
  }
}

/** Front matter (`---` … `---` at the very top) is metadata, not policy text. */
export function frontMatterEnd(text: string): number {
  // Any line ending, a lone CR included (files saved with classic Mac endings).
  const m = /^---[ \t]*(?:\r\n?|\n)[\s\S]*?(?:\r\n?|\n)(?:---|\.\.\.)[ \t]*(?:\r\n?|\n|$)/.exec(text);
  return m ? m[0].length : 0;
}

export interface ReaderOptions {
  /**
   * Parse each run of consecutive chunks missing from the cache with one remark call, then split the
   * result by chunk (default). Off: one call per chunk, for tests that check the two agree.
   */
  batch?: boolean;
}

export class MarkdownReader {
  /** Chunk parses by prefix (namespace) and chunk text, kept for the chunks of the latest text. */
  private readonly memo = new TextMemo();
  private readonly batch: boolean;

  /** `chunking` other than 'fine' is for tests that compare chunked parses with whole-text ones. */
  constructor(
    private readonly chunking: Chunking = 'fine',
    options: ReaderOptions = {},
  ) {
    this.batch = options.batch ?? true;
  }

  parse(text: string): MarkdownParse {
    const fm = frontMatterEnd(text);
    const out: MarkdownParse = { headings: [], blocks: [], comments: [], plain: '', frontMatterEnd: fm };
    this.memo.rotate();
    const cs = chunks(text, fm, this.chunking);
    const texts = cs.map((c) => text.slice(c.start, c.end));
    // Whether "[x][label]" or "[label]" is a link depends on a definition anywhere in the text, so each
    // chunk is read knowing the labels it may refer to. They are guessed from a scan for "[label]:" and
    // checked against the definitions the parse found (a definition is read the same whatever is defined);
    // when the guess was wrong (a "[x]:" in code, a label over two lines), the chunks are read again.
    let defined = text.includes(']:') ? candidateLabels(text.slice(fm)) : NONE;
    let reads = this.readChunks(text, cs, texts, defined);
    if (defined.size || reads.some((r) => r.definitions.length)) {
      const found = new Map<string, string>();
      for (const r of reads) {
        for (const label of r.definitions) {
          // The label as the scan found it in the text, when it did (exact source, escapes included).
          const id = normalizeLabel(label);
          if (!found.has(id)) found.set(id, defined.get(id) ?? label);
        }
      }
      if (found.size !== defined.size || [...found.keys()].some((id) => !defined.has(id))) {
        defined = found;
        reads = this.readChunks(text, cs, texts, defined);
      }
    }
    // Each chunk's plain twin is cached with its parse, so the document's is a join, not a re-blanking.
    const plain = [blankRanges(text.slice(0, fm), [{ start: 0, end: fm }])];
    for (let i = 0; i < cs.length; i++) {
      shiftInto(out, reads[i]!, cs[i]!.start);
      plain.push(reads[i]!.plain);
    }
    out.plain = plain.join('');
    demoteAddressRuns(out);
    resolveBoldLevels(out.headings);
    return out;
  }

  /**
   * Each chunk's reading, from the cache or parsed. A chunk is cached under its prefix and the defined
   * labels it may refer to (no others can change how it reads), so an edit that adds or removes a
   * definition re-reads only the chunks that mention its label.
   */
  private readChunks(text: string, cs: Chunk[], texts: string[], defined: Map<string, string>): ChunkRead[] {
    const refs = cs.map((_, i) => (defined.size ? referencedLabels(texts[i]!, defined) : []));
    const keys = cs.map((c, i) => (refs[i]!.length ? `${c.prefix}\u0000${refs[i]!.join('\u0000')}` : c.prefix));
    const reads = cs.map((_, i) => this.memo.find<ChunkRead>(keys[i]!, texts[i]!));
    // remark's fixed cost per call (building its parser and compiler, ~0.1 ms) is paid per chunk when
    // chunks are paragraphs. A cold parse reads each run of missing chunks with one call: a run starts at
    // a cut, so it reads as its chunks read one by one (the chunked-equals-whole property). The run is
    // read with the definitions any of its chunks refers to: more defined labels than a chunk mentions
    // do not change how it reads.
    for (let i = 0; i < cs.length; i++) {
      if (reads[i]) continue;
      let j = i + 1;
      if (this.batch && !tooDeep(cs[i]!.prefix, texts[i]!)) {
        while (j < cs.length && !reads[j] && cs[j]!.end - cs[i]!.start <= MAX_RUN && !tooDeep(cs[j]!.prefix, texts[j]!)) j++;
      }
      const labels = [...new Set(refs.slice(i, j).flat())].sort();
      const run = readRun(text, cs.slice(i, j), definitionsPrefix(labels, defined) + cs[i]!.prefix);
      for (let k = i; k < j; k++) {
        reads[k] = run[k - i]!;
        this.memo.put(keys[k]!, texts[k]!, reads[k]);
      }
      i = j - 1;
    }
    return reads as ChunkRead[];
  }
}

const NONE: Map<string, string> = new Map();

/**
 * micromark's normalizeIdentifier: labels match after collapsing whitespace and folding case, the
 * way CommonMark says ("[Foo  Bar]" refers to "[foo bar]: /url"). Labels found in the source get the
 * NUL that micromark's preprocessing turns into U+FFFD turned into it here too.
 */
export function normalizeLabel(label: string): string {
  return label
    .replace(/\0/g, '\uFFFD')
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase();
}

/** A bracketed label: no unescaped brackets inside, at most 999 characters (CommonMark's limit). */
const LABEL = /\[((?:[^[\]\\]|\\[\s\S]){1,999})\]/g;
const DEFINITION_LABEL = /\[((?:[^[\]\\]|\\[\s\S]){1,999})\]:/g;

/** Every "[label]:" in the text, by normalized label: a superset of the definitions, mostly exact. */
function candidateLabels(text: string): Map<string, string> {
  const out = new Map<string, string>();
  DEFINITION_LABEL.lastIndex = 0;
  for (let m = DEFINITION_LABEL.exec(text); m; m = DEFINITION_LABEL.exec(text)) {
    const id = normalizeLabel(m[1]!);
    if (id && !out.has(id)) out.set(id, m[1]!);
  }
  return out;
}

/** The defined labels a chunk may refer to (any bracketed text that matches one), sorted. */
function referencedLabels(chunk: string, defined: Map<string, string>): string[] {
  if (!chunk.includes(']')) return [];
  const out = new Set<string>();
  LABEL.lastIndex = 0;
  for (let m = LABEL.exec(chunk); m; m = LABEL.exec(chunk)) {
    const id = normalizeLabel(m[1]!);
    if (defined.has(id)) out.add(id);
  }
  return [...out].sort();
}

/** Definitions of `labels`, one per line and a blank line, to read a chunk behind. */
function definitionsPrefix(labels: string[], defined: Map<string, string>): string {
  if (!labels.length) return '';
  // The label as written, on one line (normalisation collapses whitespace anyway).
  return `${labels.map((id) => `[${defined.get(id)!.replace(/[\t\n\r ]+/g, ' ')}]: x\n`).join('')}\n`;
}

/**
 * How much text one remark call reads at most: enough to make its fixed cost negligible (~1 %), and a
 * bound on one parse's transient memory. remark's events and tree for a run are many times its size:
 * with 64 KB runs, twenty open ~30 KB policies took the language server from 120 to 160 MB RSS, and a
 * 12 MB run overflowed the stack.
 */
const MAX_RUN = 8 * 1024;

function tooDeep(prefix: string, chunk: string): boolean {
  return readsLineByLine(prefix + chunk);
}

/** Whether a chunk (with its prefix) nests too deep for micromark and is read line by line (MAX_NESTING). */
export function readsLineByLine(chunk: string): boolean {
  return containerDepth(chunk) > MAX_NESTING;
}

/**
 * Reads consecutive chunks with one parse of `prefix` (the first one's prefix, after any definitions)
 * and their text, split back into one ChunkRead per chunk (offsets relative to each chunk). The source is a detached copy, so what the
 * cache keeps does not hold on to the document.
 */
function readRun(text: string, run: Chunk[], prefix: string): ChunkRead[] {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const p = prefix.length;
  const source = detached(prefix + text.slice(first.start, last.end));
  const parsed = run.length === 1 && tooDeep(first.prefix, text.slice(first.start, first.end)) ? parseFlat(source) : parseChunk(source);
  const plain = blankRanges(source, parsed.blanks);
  return run.map((c) => {
    const from = p + c.start - first.start;
    const to = from + c.end - c.start;
    const inChunk = <T extends { span: Span }>(xs: T[]) => xs.filter((x) => x.span.start >= from && x.span.start < to).map((x) => ({ ...x, span: shift(x.span, -from) }));
    // An empty chunk cannot hold a node; a node starting at its end belongs to the next chunk.
    const definitions = parsed.definitions.filter((d) => d.at >= from && d.at < to).map((d) => d.label);
    return { headings: inChunk(parsed.headings), blocks: inChunk(parsed.blocks), comments: inChunk(parsed.comments), plain: detached(plain.slice(from, to)), definitions };
  });
}

/**
 * Lone short lines are read as headings ("Where does this policy apply?"), but an address written one
 * part per paragraph ("Unit 3D North Point House" / "New Mallow Road, Cork" / "T23AT2P") is not. A run
 * of two or more lone-line headings with no block between them, one of which carries a digit (house
 * number, PO box, postcode), becomes paragraphs again. Linear: one pass over headings and blocks.
 */
function demoteAddressRuns(out: Pick<ChunkParse, 'headings' | 'blocks'>): void {
  const demoted = new Set<Heading>();
  let run: Heading[] = [];
  let bi = 0;
  const close = () => {
    if (run.length >= 2 && run.some((h) => /\d/.test(h.text))) for (const h of run) demoted.add(h);
    run = [];
  };
  for (const h of out.headings) {
    let blockBetween = false;
    while (bi < out.blocks.length && out.blocks[bi]!.span.start < h.span.start) {
      blockBetween = true;
      bi++;
    }
    if (blockBetween || h.style !== 'title') close();
    if (h.style === 'title') run.push(h);
  }
  close();
  if (!demoted.size) return;
  out.headings = out.headings.filter((h) => !demoted.has(h));
  for (const h of demoted) out.blocks.push({ kind: 'paragraph', span: h.span });
  out.blocks.sort((a, b) => a.span.start - b.span.start);
}

/**
 * micromark's time grows superlinearly with container nesting (400 nested list levels take ~8 s), and
 * no real policy nests deeper than a handful of levels. Chunks deeper than this are read line by line
 * instead, with container markers blanked, so hostile input costs linear time.
 */
const MAX_NESTING = 24;
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;

export function containerDepth(chunk: string): number {
  let max = 0;
  let pos = 0;
  while (pos < chunk.length) {
    const [end, next] = lineEnd(chunk, pos);
    const line = chunk.slice(pos, Math.min(end, pos + 4096));
    const m = CONTAINER_PREFIX.exec(line);
    if (m) {
      const markers = (m[0].match(/>|[-*+]|\d+[.)]/g) ?? []).length;
      if (markers > max) max = markers;
    }
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
    if (indent / 2 > max) max = Math.floor(indent / 2);
    pos = next;
  }
  return max;
}

const EOL = /\r\n?|\n/g;

/**
 * Where the line starting at `pos` ends and the next one starts. Every CommonMark line ending counts, a
 * lone CR too: with LF only, a file saved with CR endings was one line to the nesting guard, and 300
 * nested list levels took micromark 1.7 s instead of being read line by line.
 */
function lineEnd(text: string, pos: number): [end: number, next: number] {
  EOL.lastIndex = pos;
  const m = EOL.exec(text);
  return m ? [m.index, m.index + m[0].length] : [text.length, text.length];
}

function parseFlat(chunk: string): ChunkParse {
  const res: ChunkParse = { headings: [], blocks: [], blanks: [], comments: [], definitions: [] };
  let pos = 0;
  let prevBlank = true;
  while (pos < chunk.length) {
    const [e, next] = lineEnd(chunk, pos);
    const line = chunk.slice(pos, e);
    const blank = line.trim() === '';
    const wasBlank = prevBlank;
    prevBlank = blank;
    const prefix = CONTAINER_PREFIX.exec(line)?.[0].length ?? /^[ \t]*/.exec(line)![0].length;
    if (prefix) res.blanks.push({ start: pos, end: pos + prefix });
    const atx = /^#{1,6}[ \t]+/.exec(line.slice(prefix));
    if (atx && !prefix) {
      res.blanks.push({ start: pos, end: pos + atx[0].length });
      const { numbering, text } = splitNumbering(line.slice(atx[0].length).replace(/#+\s*$/, ''));
      res.headings.push({ text, numbering, level: atx[0].trim().length, style: 'atx', span: { start: pos, end: e } });
    } else if (!prefix && !blank && setextUnderline(chunk, next)) {
      // "Contact Us" over "----------": a setext heading, as --fix writes one in a policy that uses them.
      const [ue, unext] = lineEnd(chunk, next);
      const { numbering, text } = splitNumbering(line.trim());
      res.headings.push({ text, numbering, level: chunk.slice(next, ue).trim()[0] === '=' ? 1 : 2, style: 'setext', span: { start: pos, end: ue } });
      res.blanks.push({ start: next, end: ue });
      pos = unext;
      continue;
    } else if (!prefix && line.length <= 90 && wasBlank && blankAt(chunk, next) && loneLineHeading(line.trim())) {
      // A short lone line is a heading here too, as in a parsed chunk (and as --fix writes one in a policy
      // whose headings are such lines): read line by line, the clauses it appended went unread.
      const { numbering, text } = splitNumbering(line.trim());
      res.headings.push({ text, numbering, level: 2, style: 'title', span: { start: pos, end: e } });
    } else if (!blank) {
      res.blocks.push({ kind: prefix ? 'list-item' : 'paragraph', span: { start: pos + prefix, end: e } });
    }
    pos = next;
  }
  return res;
}

/** Whether the line starting at `next` is a setext underline ("====" or "----", up to three spaces in). */
function setextUnderline(chunk: string, next: number): boolean {
  if (next >= chunk.length) return false;
  const [e] = lineEnd(chunk, next);
  return /^ {0,3}(?:=+|-+)[ \t]*$/.test(chunk.slice(next, e));
}

/** Whether the line starting at `next` is blank or past the chunk's end. */
function blankAt(chunk: string, next: number): boolean {
  if (next >= chunk.length) return true;
  const [e] = lineEnd(chunk, next);
  return chunk.slice(next, e).trim() === '';
}

/** A short lone line that reads as a title ("Where does this policy apply?"), not an address or a number. */
function loneLineHeading(text: string): boolean {
  return titleish(text, 12) && !/^[\d\W]+$/.test(text) && !(/\d/.test(text) && /,/.test(text));
}

function shiftInto(out: MarkdownParse, c: ChunkRead, by: number): void {
  for (const h of c.headings) out.headings.push({ ...h, span: shift(h.span, by) });
  for (const b of c.blocks) out.blocks.push({ kind: b.kind, span: shift(b.span, by) });
  for (const m of c.comments) out.comments.push({ body: m.body, span: shift(m.span, by) });
}

const shift = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });

/** Bold-line and lone-line headings sit one level below the ATX heading before them. */
function resolveBoldLevels(headings: Heading[]): void {
  let last = 1;
  for (const h of headings) {
    if (h.style === 'bold' || h.style === 'title') h.level = Math.min(6, last + 1);
    else last = h.level;
  }
}

function startOf(n: Nodes): number {
  return n.position?.start.offset ?? 0;
}
function endOf(n: Nodes): number {
  return n.position?.end.offset ?? 0;
}

export function parseChunk(chunk: string): ChunkParse {
  const tree = processor.parse(chunk) as Root;
  const res: ChunkParse = { headings: [], blocks: [], blanks: [], comments: [], definitions: [] };
  // Everything outside headings and leaf blocks (markers, code, rules, blank lines) is blanked at the end.
  const visible: Span[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'root':
      case 'blockquote':
      case 'list':
      case 'listItem':
        if (node.type === 'listItem') {
          for (const c of node.children) if (c.type === 'paragraph') LIST_PARAGRAPHS.add(c);
          // "2. Are you under 13?" followed by indented paragraphs: a numbered list used as sections.
          if (node.children.length > 1 && node.children[0]!.type === 'paragraph') SECTION_ITEMS.add(node.children[0]!);
        }
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
        break;
      case 'heading': {
        const span = { start: startOf(node), end: endOf(node) };
        visible.push(span);
        const inner = innerSpan(node, span);
        res.blanks.push({ start: span.start, end: inner.start }, { start: inner.end, end: span.end });
        blankInline(node, chunk, res);
        const raw = plainSlice(chunk, inner, res.blanks);
        const { numbering, text } = splitNumbering(raw.replace(/\s+/g, ' '));
        const setext = /\r?\n/.test(chunk.slice(inner.end, span.end));
        res.headings.push({ text, numbering, level: node.depth, style: setext ? 'setext' : 'atx', span });
        break;
      }
      case 'paragraph':
        readParagraph(node, chunk, res, visible);
        break;
      case 'html': {
        const span = { start: startOf(node), end: endOf(node) };
        if (readComments(node.value, span.start, res) === 'only-comment') break;
        visible.push(span);
        blankTags(node.value, span.start, res.blanks);
        // Policies converted from web pages keep their headings as HTML ("<h2>Cookies</h2>").
        const h = HTML_HEADING.exec(node.value);
        if (h) {
          const text = plainSlice(chunk, span, res.blanks).replace(/\s+/g, ' ').trim();
          if (text) {
            const { numbering, text: t } = splitNumbering(text);
            res.headings.push({ text: t, numbering, level: Number(h[1]), style: 'atx', span });
            break;
          }
        }
        res.blocks.push({ kind: 'html', span });
        break;
      }
      case 'definition':
        // Not policy prose, but other chunks' links depend on it (MarkdownReader.parse).
        // The identifier, not the label: mdast's label has escapes decoded ("x\]" becomes "x]").
        res.definitions.push({ label: node.identifier, at: startOf(node) });
        break;
      default:
        // code, thematicBreak, …: not policy prose.
        break;
    }
  }
  res.blanks.push(...complement(visible, chunk.length));
  res.headings.sort((a, b) => a.span.start - b.span.start);
  res.blocks.sort((a, b) => a.span.start - b.span.start);
  return res;
}

function innerSpan(node: Parents, outer: Span): Span {
  if (!node.children.length) return { start: outer.end, end: outer.end };
  return { start: startOf(node.children[0]!), end: endOf(node.children[node.children.length - 1]!) };
}

function readParagraph(node: Extract<Nodes, { type: 'paragraph' }>, chunk: string, res: ChunkParse, visible: Span[]): void {
  const span = { start: startOf(node), end: endOf(node) };
  visible.push(span);
  blankInline(node, chunk, res);
  blankContinuationPrefixes(chunk, span, res.blanks);
  const raw = chunk.slice(span.start, span.end);
  // A paragraph that is one bold run on one line ("**Children's Privacy**") is a heading in practice.
  const only = node.children.length === 1 ? node.children[0]! : null;
  if (only && only.type === 'strong' && !/[\r\n]/.test(raw) && raw.length <= 100 && !/[.;,]\**\s*$/.test(raw)) {
    const text = plainSlice(chunk, span, res.blanks).trim();
    if (text) {
      const { numbering, text: t } = splitNumbering(text);
      res.headings.push({ text: t, numbering, level: 2, style: 'bold', span });
      return;
    }
  }
  // Policies pasted into Markdown keep their headings as short lone lines ("Where does this policy apply?").
  const onlyLink = only !== null && (only.type === 'link' || only.type === 'linkReference');
  if (!onlyLink && !/[\r\n]/.test(raw) && raw.length <= 90 && (!isInList(node) || SECTION_ITEMS.has(node))) {
    const text = plainSlice(chunk, span, res.blanks).trim();
    // An address on one line ("Acme S.r.l. – Via Roma 21, 16124 Genova") is not a heading.
    if (loneLineHeading(text)) {
      const { numbering, text: t } = splitNumbering(text);
      res.headings.push({ text: t, numbering, level: 2, style: 'title', span });
      return;
    }
  }
  const lines = splitLines(chunk, span);
  if (lines.length >= 2 && looksLikeTable(chunk, lines)) {
    for (const line of lines) {
      const lt = chunk.slice(line.start, line.end);
      if (/^\s*\|?\s*:?-{2,}/.test(lt) && /^[\s|:-]+$/.test(lt)) {
        res.blanks.push(line);
        continue;
      }
      for (let i = line.start; i < line.end; i++) {
        if (chunk[i] === '|' && chunk[i - 1] !== '\\') res.blanks.push({ start: i, end: i + 1 });
      }
      res.blocks.push({ kind: 'table-row', span: line });
    }
    return;
  }
  res.blocks.push({ kind: isInList(node) ? 'list-item' : 'paragraph', span });
}

// mdast has no parent links; paragraphs of list items are marked while walking down.
const LIST_PARAGRAPHS = new WeakSet<object>();
const SECTION_ITEMS = new WeakSet<object>();
function isInList(node: object): boolean {
  return LIST_PARAGRAPHS.has(node);
}
function splitLines(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let pos = span.start;
  while (pos < span.end) {
    let end = text.indexOf('\n', pos);
    if (end === -1 || end > span.end) end = span.end;
    let e = end;
    if (text[e - 1] === '\r') e--;
    out.push({ start: pos, end: e });
    pos = end + 1;
  }
  return out;
}

function looksLikeTable(text: string, lines: Span[]): boolean {
  const second = text.slice(lines[1]!.start, lines[1]!.end);
  if (!/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(second)) return false;
  return /\|/.test(text.slice(lines[0]!.start, lines[0]!.end));
}

/** In a multi-line paragraph inside quotes or lists, continuation lines start with `>` and indentation. */
function blankContinuationPrefixes(text: string, span: Span, blanks: Span[]): void {
  let pos = text.indexOf('\n', span.start);
  while (pos !== -1 && pos < span.end) {
    let i = pos + 1;
    while (i < span.end && (text[i] === ' ' || text[i] === '\t' || text[i] === '>')) i++;
    if (i > pos + 1) blanks.push({ start: pos + 1, end: i });
    pos = text.indexOf('\n', pos + 1);
  }
}

/** Blanks inline syntax (emphasis markers, link brackets, code ticks, tags) but keeps link targets. */
function blankInline(root: Parents, text: string, res: ChunkParse): void {
  const stack: Nodes[] = [...root.children];
  while (stack.length) {
    const n = stack.pop()!;
    const s = startOf(n);
    const e = endOf(n);
    switch (n.type) {
      case 'emphasis':
      case 'strong':
      case 'delete':
      case 'linkReference': {
        if (n.children.length) {
          const inner = innerSpan(n, { start: s, end: e });
          res.blanks.push({ start: s, end: inner.start }, { start: inner.end, end: e });
        }
        for (const c of n.children) stack.push(c);
        break;
      }
      case 'link': {
        const inner = n.children.length ? innerSpan(n, { start: s, end: e }) : { start: s, end: s };
        // Keep the URL visible: a mailto: or a contact-form address is a disclosure in itself.
        const tail = text.slice(inner.end, e);
        // In-page anchors (#section) are navigation, not content.
        const at = n.url && !n.url.startsWith('#') ? tail.indexOf(n.url) : -1;
        res.blanks.push({ start: s, end: inner.start });
        if (at >= 0) {
          res.blanks.push({ start: inner.end, end: inner.end + at }, { start: inner.end + at + n.url.length, end: e });
        } else {
          res.blanks.push({ start: inner.end, end: e });
        }
        for (const c of n.children) stack.push(c);
        break;
      }
      case 'inlineCode': {
        const at = text.indexOf(n.value, s);
        if (at >= 0 && at < e) res.blanks.push({ start: s, end: at }, { start: at + n.value.length, end: e });
        break;
      }
      case 'image':
      case 'imageReference':
      case 'break':
        res.blanks.push({ start: s, end: e });
        break;
      case 'html':
        if (readComments(n.value, s, res) !== 'only-comment') blankTags(n.value, s, res.blanks);
        break;
      default:
        if ('children' in n) for (const c of n.children) stack.push(c as Nodes);
    }
  }
}

const COMMENT = /<!--([\s\S]*?)-->/g;

/** Records comments (for suppression directives) and blanks them. */
function readComments(html: string, at: number, res: ChunkParse): 'only-comment' | 'mixed' {
  let rest = html;
  for (const m of html.matchAll(COMMENT)) {
    const span = { start: at + m.index, end: at + m.index + m[0].length };
    res.comments.push({ span, body: m[1]!.trim() });
    res.blanks.push(span);
    rest = rest.replace(m[0], '');
  }
  if (/^\s*<!--/.test(html) && !html.includes('-->')) {
    // An unclosed comment swallows the rest of the block: treat it as a comment, not prose.
    res.blanks.push({ start: at, end: at + html.length });
    return 'only-comment';
  }
  return rest.trim() === '' ? 'only-comment' : 'mixed';
}

const TAG = /<\/?[A-Za-z][^>]*>/g;
const HREF = /\bhref\s*=\s*(["'])([^"']*)\1/i;

function blankTags(html: string, at: number, blanks: Span[]): void {
  for (const m of html.matchAll(TAG)) {
    const start = at + m.index;
    const end = start + m[0].length;
    const href = HREF.exec(m[0]);
    if (href) {
      const hs = start + m[0].indexOf(href[2]!, href.index);
      blanks.push({ start, end: hs }, { start: hs + href[2]!.length, end });
    } else blanks.push({ start, end });
  }
}

function plainSlice(text: string, span: Span, blanks: Span[]): string {
  const relevant = blanks.filter((b) => b.end > span.start && b.start < span.end);
  let out = '';
  let pos = span.start;
  for (const b of relevant.sort((x, y) => x.start - y.start)) {
    if (b.start > pos) out += text.slice(pos, Math.min(b.start, span.end));
    pos = Math.max(pos, b.end);
  }
  if (pos < span.end) out += text.slice(pos, span.end);
  return out;
}

function complement(visible: Span[], length: number): Span[] {
  const sorted = [...visible].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  let pos = 0;
  for (const v of sorted) {
    if (v.start > pos) out.push({ start: pos, end: v.start });
    pos = Math.max(pos, v.end);
  }
  if (pos < length) out.push({ start: pos, end: length });
  return out;
}
