// Decides, for each disclosure topic, whether the policy makes that disclosure and where.
// Evidence comes from headings (with prose under them that, where the topic says so in `headingRequires`,
// actually makes the disclosure) and from sentence cues in rules/topics.yaml.
// Sentence matching is cached per block by its plain text, so re-detecting an edited document only
// re-matches the blocks that changed. Detection never looks at navigation or front matter.

import type { Catalogue, CompiledTopic } from '../catalogue/catalogue.js';
import { cueMatchesText, pattern } from '../catalogue/catalogue.js';
import type { Block, PolicyDocument, Section } from '../document/model.js';
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
  /** Every sentence of the policy proper, in document order. */
  sentences: SentenceRef[];
  details: Details;
  /** Sections whose heading announces a topic, by topic. */
  topicSections: Record<Topic, Section[]>;
}

/** What one block yields, relative to the block start; cached by the block's plain text. */
interface BlockMatch {
  sentences: Span[];
  /** For each sentence, [topic index, cue index] pairs that matched on the text alone. */
  hits: Array<Array<[number, number]>>;
}

export class Detector {
  private cache = new Map<string, BlockMatch>();
  private nextCache = new Map<string, BlockMatch>();

  constructor(private readonly catalogue: Catalogue) {}

  detect(doc: PolicyDocument): Analysis {
    const topics = Object.fromEntries(TOPICS.map((t) => [t, { present: false, evidence: [] as Evidence[] }])) as Record<
      Topic,
      TopicResult
    >;
    const topicSections = Object.fromEntries(TOPICS.map((t) => [t, [] as Section[]])) as Record<Topic, Section[]>;
    const sentences: SentenceRef[] = [];
    const sectionText = new Map<number, string>();
    const ownText = (s: Section) => {
      let t = sectionText.get(s.index);
      if (t === undefined) {
        t = doc.plain.slice(s.heading ? s.heading.span.start : s.span.start, s.ownEnd);
        sectionText.set(s.index, t);
      }
      return t;
    };

    for (const section of doc.sections) {
      if (section.navigation || !section.heading) continue;
      let body: string | undefined;
      for (const topic of this.catalogue.topics) {
        const extra = extrasOf(topic);
        if (headingAnnounces(topic, section.heading.text) && hasProse(doc, section)) {
          body ??= doc.plain.slice(section.heading.span.end, Math.min(section.span.end, section.heading.span.end + BODY_LIMIT));
          if (extra.requires.every((re) => re.test(body!))) {
            topics[topic.id].evidence.push({ span: section.heading.span, kind: 'heading', section: section.index });
            topicSections[topic.id].push(section);
            continue;
          }
        }
        // A heading can carry the disclosure itself ("Last updated: 1 June 2024").
        if (extra.headingText && topic.prefilter.test(section.heading.text) && topic.cues.some((c) => cueMatchesText(c, section.heading!.text))) {
          topics[topic.id].evidence.push({ span: section.heading.span, kind: 'heading', section: section.index });
        }
      }
    }

    for (const block of doc.blocks) {
      const section = doc.sections[block.section]!;
      if (section.navigation || block.span.end <= doc.contentStart) continue;
      const match = this.matchBlock(doc.plain.slice(block.span.start, block.span.end));
      const base = block.span.start;
      for (let i = 0; i < match.sentences.length; i++) {
        const rel = match.sentences[i]!;
        const span = { start: base + rel.start, end: base + rel.end };
        sentences.push({ span, block });
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
    // Keep only blocks of the latest text, so the cache cannot grow without bound while typing.
    this.cache = this.nextCache;
    this.nextCache = new Map();
    const analysis: Analysis = { doc, topics, sentences, topicSections, details: undefined as unknown as Details };
    analysis.details = extractDetails(analysis);
    return analysis;
  }

  private matchBlock(plain: string): BlockMatch {
    let m = this.cache.get(plain) ?? this.nextCache.get(plain);
    if (!m) {
      const spans = splitSentences(plain, { start: 0, end: plain.length });
      const hits = spans.map((s) => matchSentence(this.catalogue.topics, plain.slice(s.start, s.end)));
      m = { sentences: spans, hits };
    }
    this.nextCache.set(plain, m);
    return m;
  }
}

function matchSentence(topics: CompiledTopic[], text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let ti = 0; ti < topics.length; ti++) {
    const topic = topics[ti]!;
    if (!topic.prefilter.test(text)) continue;
    for (let ci = 0; ci < topic.cues.length; ci++) {
      if (cueMatchesText(topic.cues[ci]!, text)) out.push([ti, ci]);
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
function hasProse(doc: PolicyDocument, section: Section): boolean {
  const body = doc.plain.slice(section.heading!.span.end, Math.min(section.span.end, section.heading!.span.end + 2000));
  return (body.match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 4;
}
