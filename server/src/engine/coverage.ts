// Coverage: how many of the disclosures each applicable law expects the policy makes. One matrix
// (rules/laws.yaml) backs the editor's summary line, the coverage command and the reports.

import type { Catalogue } from './catalogue/catalogue.js';
import type { Analysis } from './detect/detector.js';
import type { Disclosures } from './detect/disclosures.js';
import type { Applicability } from './rules/applicability.js';
import { TOPICS, type Jurisdiction, type Topic } from './types.js';

export interface LawCoverage {
  id: Jurisdiction;
  name: string;
  present: number;
  total: number;
  missing: Array<{ topic: Topic; provision: string }>;
  /** Why the law applies (configured, or what in the text triggered it). */
  reason: string;
}

export interface Coverage {
  present: number;
  total: number;
  laws: LawCoverage[];
}

export function coverageOf(disclosures: Disclosures, applicability: Applicability, catalogue: Catalogue): Coverage {
  const laws: LawCoverage[] = [];
  for (const [id, active] of applicability) {
    const law = catalogue.laws[id];
    if (!law) continue;
    const topics = Object.entries(law.topics) as Array<[Topic, string]>;
    const missing = topics.filter(([t]) => !disclosures[t].present).map(([topic, provision]) => ({ topic, provision }));
    laws.push({ id, name: law.name, present: topics.length - missing.length, total: topics.length, missing, reason: active.reason });
  }
  const order = Object.keys(catalogue.laws);
  laws.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { present: TOPICS.filter((t) => disclosures[t].present).length, total: TOPICS.length, laws };
}

/** "14/19 disclosures · GDPR 11/13 · CCPA 4/9" */
export function coverageSummary(c: Coverage): string {
  return [`${c.present}/${c.total} disclosures`, ...c.laws.map((l) => `${l.name} ${l.present}/${l.total}`)].join(' · ');
}

/** Where the policy makes a disclosure: a 1-based line and its text (a heading with its first sentence). */
export interface EvidenceLine {
  line: number;
  kind: 'heading' | 'sentence';
  text: string;
}

/** One cell of the matrix: whether the law's provision for the topic is met. */
export interface CoverageCell {
  law: Jurisdiction;
  provision: string;
  present: boolean;
}

export interface CoverageRow {
  topic: Topic;
  /** The topic's title from rules/topics.yaml, e.g. "Data Protection Officer or representative". */
  title: string;
  present: boolean;
  /** Parallel to CoverageMatrix.laws: null where that law does not ask for the topic. */
  cells: Array<CoverageCell | null>;
  /** Where the policy makes the disclosure, headings first; empty when it does not. */
  evidence: EvidenceLine[];
}

/** Topics × applicable laws, with the evidence for every covered topic: the reports' and the editor's matrix. */
export interface CoverageMatrix extends Coverage {
  summary: string;
  rows: CoverageRow[];
}

const EVIDENCE_CHARS = 400;

/**
 * The coverage matrix of a linted policy: one row per topic (those an applicable law asks for first),
 * one cell per applicable law, and up to `maxEvidence` places where the policy makes each disclosure.
 */
export function coverageMatrix(
  result: { analysis: Analysis; disclosures: Disclosures; applicability: Applicability },
  catalogue: Catalogue,
  maxEvidence = 3,
): CoverageMatrix {
  const coverage = coverageOf(result.disclosures, result.applicability, catalogue);
  const rows: CoverageRow[] = TOPICS.map((topic) => {
    const present = result.disclosures[topic].present;
    const cells = coverage.laws.map((law): CoverageCell | null => {
      const provision = catalogue.laws[law.id]?.topics[topic];
      return provision === undefined ? null : { law: law.id, provision, present };
    });
    return { topic, title: catalogue.topic(topic).spec.title, present, cells, evidence: present ? evidenceLines(result.analysis, topic, maxEvidence) : [] };
  });
  const asked = (r: CoverageRow) => r.cells.some((c) => c !== null);
  rows.sort((x, y) => Number(asked(y)) - Number(asked(x)));
  return { ...coverage, summary: coverageSummary(coverage), rows };
}

function evidenceLines(a: Analysis, topic: Topic, max: number): EvidenceLine[] {
  const ev = a.topics[topic].evidence;
  const ordered = [...ev.filter((e) => e.kind === 'heading'), ...ev.filter((e) => e.kind === 'sentence')];
  const out: EvidenceLine[] = [];
  const seen = new Set<number>();
  for (const e of ordered) {
    if (out.length >= max) break;
    const line = a.doc.lines.lineAt(e.span.start) + 1;
    if (seen.has(line)) continue;
    seen.add(line);
    let text = a.doc.plain.slice(e.span.start, e.span.end);
    if (e.kind === 'heading') {
      // A heading alone says little: add the first sentence of its section.
      const section = a.doc.sections[e.section];
      const first = section && a.sentences.find((s) => s.span.start >= e.span.end && s.span.end <= section.span.end);
      if (first) text = `${text.trim()}: ${a.doc.plain.slice(first.span.start, first.span.end)}`;
    }
    text = text.replace(/\s+/g, ' ').trim();
    out.push({ line, kind: e.kind, text: text.length > EVIDENCE_CHARS ? `${text.slice(0, EVIDENCE_CHARS - 1)}…` : text });
  }
  return out;
}
