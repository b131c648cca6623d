// Coverage: how many of the disclosures each applicable law expects the policy makes. One matrix
// (rules/laws.yaml) backs the editor's summary line, the coverage command and the reports.

import type { Catalogue } from './catalogue/catalogue.js';
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
