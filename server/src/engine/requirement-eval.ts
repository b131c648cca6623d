// Scoring of requirement items against labels (a folder's requirements.json, or
// test/corpus/corpus-requirements.json for the shared corpus), for `npm run eval` and its test. For each item of the laws the linter applies to a policy, the label says whether the
// policy makes the disclosure ("met"), does not ("missing"), or the item's condition does not hold
// ("n/a"); the item is a positive when reported missing. It is scored only where its rule looks at
// items: when the rule reports the whole notice absent, or the item's topic is absent, the topic's own
// presence finding speaks for it (and the topic-level eval scores that).

import type { Catalogue } from './catalogue/catalogue.js';
import type { ElementSpec, RuleSpec } from './catalogue/schema.js';
import type { LintResult } from './linter.js';

export type Verdict = 'met' | 'missing' | 'n/a';

export interface ItemLabel {
  verdict: Verdict;
  lines?: number[];
  note?: string;
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface RequirementScore {
  /** Per rule id. */
  rules: Map<string, Tally>;
  /** Items not scored because their topic or notice is absent. */
  skipped: number;
  disagreements: string[];
}

export function emptyScore(): RequirementScore {
  return { rules: new Map(), skipped: 0, disagreements: [] };
}

const elementsByCode = new WeakMap<Catalogue, Map<string, { rule: RuleSpec; el: ElementSpec }>>();

/** Each item code with its element and rule, built once per catalogue. */
function elementsOf(catalogue: Catalogue): Map<string, { rule: RuleSpec; el: ElementSpec }> {
  let map = elementsByCode.get(catalogue);
  if (!map) {
    map = new Map();
    for (const rule of catalogue.rules) for (const el of rule.elements ?? []) map.set(el.code, { rule, el });
    elementsByCode.set(catalogue, map);
  }
  return map;
}

/** Adds one linted document's items to `score`. */
export function scoreItems(catalogue: Catalogue, name: string, result: LintResult, items: Record<string, ItemLabel>, score: RequirementScore): void {
  const elementOf = elementsOf(catalogue);
  const codes = new Set(result.findings.map((f) => f.code));
  const absent = new Set(result.findings.filter((f) => f.code === 'ABSENT').map((f) => f.ruleId));
  for (const [code, label] of Object.entries(items)) {
    const known = elementOf.get(code);
    if (!known) {
      score.disagreements.push(`${name}: ${code}: no such requirement item`);
      continue;
    }
    const topic = known.el.topic ?? known.rule.topic;
    if (absent.has(known.rule.id) || (topic && known.el.check !== 'topic' && !result.analysis.topics[topic].present)) {
      score.skipped++;
      continue;
    }
    const reported = codes.has(code);
    const want = label.verdict === 'missing';
    let t = score.rules.get(known.rule.id);
    if (!t) score.rules.set(known.rule.id, (t = { tp: 0, fp: 0, fn: 0, tn: 0 }));
    if (want && reported) t.tp++;
    else if (reported) {
      t.fp++;
      score.disagreements.push(`${name}: ${code}: reported missing, labelled ${label.verdict}${label.lines?.length ? ` (line ${label.lines.join(', ')})` : ''}`);
    } else if (want) {
      t.fn++;
      score.disagreements.push(`${name}: ${code}: labelled missing, not reported`);
    } else t.tn++;
  }
}

export function precisionRecall(t: Tally): Tally & { precision: number; recall: number } {
  return { ...t, precision: t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1, recall: t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1 };
}

export function totalOf(score: RequirementScore): Tally {
  const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const t of score.rules.values()) for (const k of ['tp', 'fp', 'fn', 'tn'] as const) total[k] += t[k];
  return total;
}
