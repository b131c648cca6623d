// Shared vocabulary of the engine: topics, spans, findings and fixes.
// Plain data only, so the CLI, the language server and tests can pass these values around freely.
// Offsets are UTF-16 code-unit indexes into the decoded text (BOM removed), as JavaScript strings and LSP use.

export const TOPICS = [
  'children',
  'ccpa',
  'breach',
  'contact',
  'legal-bases',
  'rights',
  'retention',
  'international-transfers',
  'cookies',
  'changes',
  'effective-date',
  'security',
  'sharing',
  'collection',
  'use',
  'complaint-authority',
  'dpo',
  'do-not-track',
  'sale-opt-out',
] as const;
export type Topic = (typeof TOPICS)[number];

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

/** Half-open range [start, end) of offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const CCPA_RIGHTS = ['know', 'delete', 'correct', 'opt-out', 'limit-sensitive', 'non-discrimination'] as const;
export type CcpaRight = (typeof CCPA_RIGHTS)[number];

/**
 * Laws privacy-lint checks. `us-states` covers the comprehensive state laws other than California's
 * (VA, CO, CT, UT, TX, OR and the states that followed them); `app` is Australia's Privacy Act 1988
 * (Australian Privacy Principles); `appi` is Japan's Act on the Protection of Personal Information.
 */
export const JURISDICTIONS = ['gdpr', 'uk-gdpr', 'ccpa', 'coppa', 'caloppa', 'us-states', 'lgpd', 'pipeda', 'app', 'appi'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface Citation {
  /** Short law name, e.g. "GDPR", "CCPA", "11 CCR", "COPPA", "CalOPPA". */
  law: string;
  /** Article or section, e.g. "Art. 13(1)(a)", "§1798.130(a)(5)". */
  ref: string;
}

/** A pure text edit: replace text[range[0]..range[1]) with `text`. Fixes only ever insert (range[0] === range[1]). */
export interface TextEdit {
  range: [number, number];
  text: string;
}

export interface Fix extends TextEdit {
  /** Says what is inserted, e.g. "Insert a \"Children's Privacy\" section". */
  title: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Deficiency code from requirements.md, e.g. CHILD-NO-AGE, or ABSENT. */
  code: string;
  citations: Citation[];
  fix?: Fix;
  /** Where the document already says something related (for hovers and reports). */
  evidence?: Span[];
  /** About the whole document (a missing section) rather than the text at `span`. */
  documentLevel?: boolean;
  /** Why the rule applies, e.g. 'CCPA: the policy mentions "California" (line 36)'. */
  appliesBecause?: string;
}
