// Runs the catalogue's rules over an analysed document: decides which rules apply (config and
// jurisdictions), calls each rule's kind, then applies inline suppressions. Rule kinds are small pure
// functions; the rule's data (rules/*.yaml) supplies citations, messages, elements and clauses.

import type { RuleKind, RuleSpec } from '../catalogue/schema.js';
import type { ResolvedConfig } from '../config/config.js';
import type { Analysis } from '../detect/detector.js';
import type { Finding } from '../types.js';
import { resolveApplicability, ruleApplies, type Applicability } from './applicability.js';
import type { RuleContext } from './context.js';
import { breachNotification } from './kinds/breach-notification.js';
import { ccpaNotice } from './kinds/ccpa-notice.js';
import { childrenAge } from './kinds/children-age.js';
import { consistency } from './kinds/consistency.js';
import { contact } from './kinds/contact.js';
import { elements } from './kinds/elements.js';
import { legalBases } from './kinds/legal-bases.js';
import { unfilledPlaceholder } from './kinds/placeholder.js';
import { presence } from './kinds/presence.js';
import { applySuppressions } from './suppressions.js';

const KINDS: Record<RuleKind, (ctx: RuleContext) => Finding[]> = {
  presence,
  'children-age': childrenAge,
  'ccpa-notice': ccpaNotice,
  'breach-notification': breachNotification,
  contact,
  'legal-bases': legalBases,
  placeholder: unfilledPlaceholder,
  elements,
  consistency,
};

export interface RunResult {
  findings: Finding[];
  suppressed: Finding[];
  applicability: Applicability;
}

export function runRules(analysis: Analysis, rules: readonly RuleSpec[], config: ResolvedConfig, today: Date): RunResult {
  const applicability = resolveApplicability(analysis.doc, config.jurisdictions, analysis.memo);
  const all: Finding[] = [];
  for (const rule of rules) {
    const configured = config.rules[rule.id];
    if (configured === 'off') continue;
    // A pinned rules edition (config rulesEdition) leaves out rules whose law took effect later.
    if (rule.since && config.rulesEdition && rule.since > config.rulesEdition) continue;
    const via = ruleApplies(applicability, rule.jurisdictions);
    if (!via) continue;
    const kind = KINDS[rule.kind];
    if (!kind) throw new Error(`rule ${rule.id}: unknown kind "${rule.kind}"`);
    const ctx: RuleContext = { rule, analysis, config, applicability, via, today, configured };
    all.push(...kind(ctx));
  }
  all.sort((x, y) => x.span.start - y.span.start || x.ruleId.localeCompare(y.ruleId));
  const { kept, suppressed } = applySuppressions(analysis.doc, all);
  return { findings: kept, suppressed, applicability };
}
