// Decides, for each disclosure topic, whether the policy makes that disclosure and where.
// Evidence comes from headings (with prose under them that, where the topic says so in `headingRequires`,
// actually makes the disclosure) and from sentence cues in rules/topics.yaml.
// Sentence matching is cached per block by its plain text, and what a heading announces per heading
// text, so re-detecting an edited document only re-matches the blocks and headings that changed (the
// Detector's TextMemo, which rule kinds share through `Analysis.memo`). Detection never looks at
// navigation or front matter.

import type { Catalogue, CompiledTopic } from '../catalogue/catalogue.js';
import { cueMatchesText, pattern } from '../catalogue/catalogue.js';
import { literalsIn, mayMatch, type Found } from '../catalogue/gate.js';
import type { Block, PolicyDocument, Section } from '../document/model.js';
import { TextMemo } from '../document/memo.js';
import { headingChain } from '../document/model.js';
import { splitSentences } from '../document/sentences.js';
import { TOPICS, type Span, type Topic } from '../types.js';
import { extractDetails, type Details } from './details.js';

export interface Evidence {
  span: Span;
  kind: 'heading' | 'sentence';
  section: number;
}

export interface TopicResult {
  present: boolean;
  evidence: Evidence[];
}

export interface SentenceRef {
  span: Span;
  block: Block;
}

export interface Analysis {
  doc: PolicyDocument;
  topics: Record<Topic, TopicResult>;
  /** Every sentence of the policy proper, in document order (sorted by start, never overlapping). */
  sentences: SentenceRef[];
  /** The plain text of each sentence, parallel to `sentences`. */
  texts: string[];
  /** Which catalogue literals each sentence holds (gate.ts), parallel to `sentences`. */
  found: Found[];
  /**
   * Results of pure functions of a text (a line, a sentence), kept across the lints of one document:
   * rule kinds put their per-sentence and per-line work here so an edit recomputes only what changed.
   */
  memo: TextMemo;
  details: Details;
  /** Sections whose heading announces a topic, by topic. */
  topicSections: Record<Topic, Section[]>;
}

/** What one block yields, relative to the block start; cached by the block's plain text. */
interface BlockMatch {
  sentences: Span[];
  /** The sentences' texts: the same string objects every lint, so later lookups by them hash once. */
  texts: string[];
  found: Found[];
  /** For each sentence, [topic index, cue index] pairs that matched on the text alone. */
  hits: Array<Array<[number, number]>>;
}

/** What a heading's text says, by topic index: announces the topic; carries its disclosure itself. */
interface HeadingMatch {
  announces: number[];
  carries: number[];
}

export class Detector {
  private readonly memo = new TextMemo();

  constructor(private readonly catalogue: Catalogue) {}

  detect(doc: PolicyDocument): Analysis {
    this.memo.rotate();
    const topics = Object.fromEntries(TOPICS.map((t) => [t, { present: false, evidence: [] as Evidence[] }])) as Record<
      Topic,
      TopicResult
    >;
    const topicSections = Object.fromEntries(TOPICS.map((t) => [t, [] as Section[]])) as Record<Topic, Section[]>;
    const sentences: SentenceRef[] = [];
    const texts: string[] = [];
    const found: Found[] = [];
    let ordered = true;
    const sectionText = new Map<number, string>();
    const ownText = (s: Section) => {
      let t = sectionText.get(s.index);
      if (t === undefined) {
        t = doc.plain.slice(s.heading ? s.heading.span.start : s.span.start, s.ownEnd);
        sectionText.set(s.index, t);
      }
      return t;
    };

    const catalogueTopics = this.catalogue.topics;
    for (const section of doc.sections) {
      if (section.navigation || !section.heading) continue;
      const heading = section.heading;
      const said = this.memo.get('heading', heading.text, (text) => matchHeading(catalogueTopics, text));
      if (!said.announces.length && !said.carries.length) continue;
      let body: string | undefined;
      let prose: boolean | undefined;
      let ai = 0;
      let ci = 0;
      for (let ti = 0; ti < catalogueTopics.length; ti++) {
        const topic = catalogueTopics[ti]!;
        const announced = said.announces[ai] === ti;
        if (announced) ai++;
        const carried = said.carries[ci] === ti;
        if (carried) ci++;
        if (announced && (prose ??= hasProse(doc, section, this.memo))) {
          body ??= doc.plain.slice(heading.span.end, Math.min(section.span.end, heading.span.end + BODY_LIMIT));
          const requires = extrasOf(topic).requires;
          if (!requires.length || this.memo.get(`requires:${topic.id}`, body, (b) => requires.every((re) => re.test(b)))) {
            topics[topic.id].evidence.push({ span: heading.span, kind: 'heading', section: section.index });
            topicSections[topic.id].push(section);
            continue;
          }
        }
        // A heading can carry the disclosure itself ("Last updated: 1 June 2024").
        if (carried) topics[topic.id].evidence.push({ span: heading.span, kind: 'heading', section: section.index });
      }
    }

    for (const block of doc.blocks) {
      const section = doc.sections[block.section]!;
      if (section.navigation || block.span.end <= doc.contentStart) continue;
      const match = this.memo.get('block', doc.plain.slice(block.span.start, block.span.end), (plain) => matchBlock(catalogueTopics, plain));
      const base = block.span.start;
      for (let i = 0; i < match.sentences.length; i++) {
        const rel = match.sentences[i]!;
        const span = { start: base + rel.start, end: base + rel.end };
        const prev = sentences[sentences.length - 1];
        if (prev && prev.span.end > span.start) ordered = false;
        sentences.push({ span, block });
        texts.push(match.texts[i]!);
        found.push(match.found[i]!);
        for (const [ti, ci] of match.hits[i]!) {
          const topic = this.catalogue.topics[ti]!;
          const cue = topic.cues[ci]!;
          if (cue.within && !headingChain(doc, section).some((h) => cue.within!.test(h.text))) continue;
          if (cue.section.length && !cue.section.every((re) => re.test(ownText(section)))) continue;
          const ev = topics[topic.id].evidence;
          const last = ev[ev.length - 1];
          if (last && last.kind === 'sentence' && last.span.start === span.start) continue;
          ev.push({ span, kind: 'sentence', section: section.index });
        }
      }
    }

    for (const t of TOPICS) {
      const r = topics[t];
      r.evidence.sort((a, b) => a.span.start - b.span.start);
      r.present = r.evidence.length > 0;
    }
    const analysis: Analysis = { doc, topics, sentences, texts, found, memo: this.memo, topicSections, details: undefined as unknown as Details };
    if (!ordered) unordered.add(analysis);
    analysis.details = extractDetails(analysis);
    return analysis;
  }
}

/** Analyses whose sentences overlap or run out of order (no reader produces them; the searches below fall back). */
const unordered = new WeakSet<Analysis>();

/** Index of the first sentence that starts at or after `offset`. */
function lowerBound(a: Analysis, offset: number): number {
  let lo = 0;
  let hi = a.sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a.sentences[mid]!.span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the sentence that starts exactly at `offset`, or -1. */
export function sentenceStartingAt(a: Analysis, offset: number): number {
  if (unordered.has(a)) return a.sentences.findIndex((s) => s.span.start === offset);
  const i = lowerBound(a, offset);
  return i < a.sentences.length && a.sentences[i]!.span.start === offset ? i : -1;
}

/**
 * Indexes, in document order, of the sentences inside any of `ranges` (starting at or after a range's
 * start and ending at or before its end), plus those starting exactly at one of `starts`. A binary search
 * per range instead of a pass over every sentence per question.
 */
export function sentencesInside(a: Analysis, ranges: readonly Span[], starts: readonly number[] = []): number[] {
  if (unordered.has(a)) {
    const at = new Set(starts);
    return a.sentences.flatMap((s, i) => (at.has(s.span.start) || ranges.some((r) => s.span.start >= r.start && s.span.end <= r.end) ? [i] : []));
  }
  const out: number[] = [];
  for (const r of ranges) {
    // Sentences never overlap, so their ends rise with their starts: the first one ending past the range ends the scan.
    for (let i = lowerBound(a, r.start); i < a.sentences.length && a.sentences[i]!.span.end <= r.end; i++) out.push(i);
  }
  for (const s of starts) {
    const i = sentenceStartingAt(a, s);
    if (i >= 0) out.push(i);
  }
  if (ranges.length + starts.length <= 1) return out;
  out.sort((x, y) => x - y);
  return out.filter((x, k) => k === 0 || out[k - 1] !== x);
}

function matchBlock(topics: CompiledTopic[], plain: string): BlockMatch {
  const spans = splitSentences(plain, { start: 0, end: plain.length });
  const texts = spans.map((s) => plain.slice(s.start, s.end));
  const found = texts.map(literalsIn);
  return { sentences: spans, texts, found, hits: texts.map((t, i) => matchSentence(topics, t, found[i]!)) };
}

function matchHeading(topics: CompiledTopic[], text: string): HeadingMatch {
  const announces: number[] = [];
  const carries: number[] = [];
  for (let ti = 0; ti < topics.length; ti++) {
    const topic = topics[ti]!;
    if (headingAnnounces(topic, text)) announces.push(ti);
    if (extrasOf(topic).headingText && topic.prefilter.test(text) && topic.cues.some((c) => cueMatchesText(c, text))) carries.push(ti);
  }
  return { announces, carries };
}

function matchSentence(topics: CompiledTopic[], text: string, found: Found): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let ti = 0; ti < topics.length; ti++) {
    const topic = topics[ti]!;
    // The prefilter's literals are those of every cue's first pattern: when the sentence has none, no
    // cue can match. When it has some, the cues' own gates are finer than running the prefilter; a
    // topic whose prefilter has no literals runs it as before.
    if (!mayMatch(topic.prefilter, found)) continue;
    if (!topic.prefilterGated && !topic.prefilter.test(text)) continue;
    for (let ci = 0; ci < topic.cues.length; ci++) {
      if (cueMatchesText(topic.cues[ci]!, text, found)) out.push([ti, ci]);
    }
  }
  return out;
}

/** How far under a heading `headingRequires` looks: enough for a section's opening paragraphs. */
const BODY_LIMIT = 6000;

interface TopicExtras {
  requires: RegExp[];
  headingText: boolean;
}
const extrasCache = new WeakMap<CompiledTopic, TopicExtras>();

/** The optional topic fields of rules/topics.yaml (`headingRequires`, `headingText`), compiled once. */
function extrasOf(topic: CompiledTopic): TopicExtras {
  let e = extrasCache.get(topic);
  if (!e) {
    e = { requires: (topic.spec.headingRequires ?? []).map(pattern), headingText: topic.spec.headingText === true };
    extrasCache.set(topic, e);
  }
  return e;
}

export function headingAnnounces(topic: CompiledTopic, heading: string): boolean {
  return !!topic.heading && topic.heading.test(heading) && !(topic.headingExclude && topic.headingExclude.test(heading));
}

/** A heading alone is not a disclosure: the section (with its subsections) needs some prose. */
function hasProse(doc: PolicyDocument, section: Section, memo: TextMemo): boolean {
  const body = doc.plain.slice(section.heading!.span.end, Math.min(section.span.end, section.heading!.span.end + 2000));
  return memo.get('prose', body, (b) => (b.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 4);
}
