// Which laws apply to a policy: the configured jurisdictions, or, when the config says "auto",
// the ones the text itself points to (a policy that names the GDPR or the EEA gets the GDPR checks).
// Each active jurisdiction carries the reason, so a finding can say why its rule applies.

import type { PolicyDocument } from '../document/model.js';
import type { Jurisdiction } from '../types.js';

export interface ActiveJurisdiction {
  id: Jurisdiction;
  /** "configured", or what in the text triggered it, e.g. 'the policy mentions "GDPR" (line 12)'. */
  reason: string;
  line: number | null;
}

export type Applicability = Map<Jurisdiction, ActiveJurisdiction>;

const SIGNALS: Record<Jurisdiction, RegExp> = {
  gdpr: /\bGDPR\b|General Data Protection Regulation|\bEEA\b|European Economic Area|European Union|\bEU\b|\bdata controller\b|\bsupervisory authorit/,
  'uk-gdpr': /\bUK GDPR\b|\bUnited Kingdom\b|\bUK\b|Information Commissioner|\bICO\b|Data Protection Act 2018/,
  ccpa: /\bCalifornia\b|\bCCPA\b|\bCPRA\b/,
  coppa: /\bCOPPA\b|Children[’']?s Online Privacy Protection/,
  caloppa: /\bCalOPPA\b|Online Privacy Protection Act|\bUnited States\b|\bU\.S\.|\bUSA\b|\bDo Not Track\b|\bCalifornia\b/,
};

export function resolveApplicability(doc: PolicyDocument, configured: Jurisdiction[] | 'auto'): Applicability {
  const out: Applicability = new Map();
  if (configured !== 'auto') {
    for (const id of configured) out.set(id, { id, reason: 'configured', line: null });
    return out;
  }
  const text = doc.plain.slice(doc.contentStart);
  for (const id of Object.keys(SIGNALS) as Jurisdiction[]) {
    const m = SIGNALS[id].exec(text);
    if (m) {
      const line = doc.lines.lineAt(doc.contentStart + m.index) + 1;
      out.set(id, { id, reason: `the policy mentions "${m[0]}" (line ${line})`, line });
    }
  }
  // A US website is the common case: CalOPPA reaches any site with Californian visitors, and every
  // general-audience policy is expected to say how it treats children (COPPA). When the text names
  // no place at all, assume that baseline rather than check nothing.
  const none = out.size === 0;
  if (out.has('caloppa') || out.has('ccpa') || none) {
    const why = none ? 'no jurisdiction is named, so the US baseline applies' : 'the policy addresses US users';
    if (!out.has('caloppa')) out.set('caloppa', { id: 'caloppa', reason: why, line: null });
    if (!out.has('coppa')) out.set('coppa', { id: 'coppa', reason: why, line: null });
  }
  return out;
}

/** The active jurisdiction a rule applies through, or undefined when it does not apply. */
export function ruleApplies(applicability: Applicability, jurisdictions: Jurisdiction[]): ActiveJurisdiction | undefined | true {
  if (jurisdictions.length === 0) return true;
  for (const j of jurisdictions) {
    const a = applicability.get(j);
    if (a) return a;
  }
  return undefined;
}
