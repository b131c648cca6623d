// The shape of the rule catalogue in rules/*.yaml, as the build step hands it to the engine.
// Kept as plain JSON-able data; catalogue.ts compiles the patterns once at load time.

import type { Citation, Jurisdiction, Severity, Topic } from '../types.js';

/** A sentence cue: every `all` pattern matches and no `none` pattern does. */
export interface CueSpec {
  all: string[];
  none?: string[];
  /** A heading of the sentence's section or an ancestor must match. */
  within?: string;
  /** The own text of the sentence's section must match each of these. */
  section?: string[];
}

export interface TopicSpec {
  title: string;
  heading?: string;
  headingExclude?: string;
  /** Patterns the text under a matching heading must all match for the heading to count. */
  headingRequires?: string[];
  /** Also try the sentence cues on heading text; a match counts without prose under it. */
  headingText?: boolean;
  sentences: CueSpec[];
}

export type RuleKind =
  | 'presence'
  | 'children-age'
  | 'ccpa-notice'
  | 'breach-notification'
  | 'contact'
  | 'legal-bases'
  | 'placeholder'
  | 'elements'
  | 'consistency';

/**
 * A condition written as data (requirements.md's IF-DPO, IF-LI, IF-CONSENT, IF-TRANSFER, IF-ADM,
 * IF-SELL-SHARE, IF-CHILD-DIRECTED ...). Every key given must hold.
 */
export interface WhenSpec {
  /** Some sentence or heading of the policy matches: one pattern, or cues (all / none per sentence). */
  mentions?: string | CueSpec[];
  /** No sentence or heading matches. */
  notMentions?: string | CueSpec[];
  /** The topic is disclosed somewhere. */
  topic?: Topic;
  /** The topic is not disclosed. */
  noTopic?: Topic;
  /** The audience profile (config `audience`, else inferred from the text). */
  audience?: 'child-directed' | 'general';
  /** One of these jurisdictions applies (configured or inferred). */
  jurisdictions?: Jurisdiction[];
  /** What the condition means in a message, e.g. "names a Data Protection Officer". */
  says?: string;
}

export type Placement = 'before-contact' | 'end' | 'after-title';

export interface FixSpec {
  heading: string;
  placement: Placement;
  /** Clause text written by this team; {{organization.name}}-style slots are filled from config. */
  body: string;
}

/** One required element of a multi-element check (CCPA notice items, breach items, …). */
export interface ElementSpec {
  id: string;
  code: string;
  label: string;
  /** Requirement ids from requirements.md that this element stands for. */
  requirements?: string[];
  citations: Citation[];
  cues: CueSpec[];
  severity?: Severity;
  /**
   * Where to look: the topic's own section(s) (default) or the whole policy; for the `elements` kind
   * also the section(s) or sentences where the element's (or rule's) `when.mentions` matched.
   */
  scope?: 'section' | 'document' | 'match-section' | 'match-sentence';
  /** Checks that need code rather than cues (e.g. counting request methods). */
  check?: 'request-methods' | 'last-updated' | 'contact-channels' | 'topic';
  /** A sentence or two, in this team's words, that the element's fix appends to the section. */
  clause?: string;
  /** elements kind: only checked when this holds (in addition to the rule's `when`). */
  when?: WhenSpec;
  /**
   * elements kind: the topic whose section is the scope; when the topic is absent the element is not
   * reported (its presence rule is). With `check: topic` the element instead reports the topic's absence,
   * for laws whose presence rules do not list them.
   */
  topic?: Topic;
  /** elements kind: report when the cues DO match (wording the law no longer accepts). */
  forbid?: boolean;
  /** elements kind: match the cues against each scope section's whole text rather than sentence by sentence. */
  match?: 'sentence' | 'text';
  /** elements kind, check contact-channels: the channels that must all be given. */
  channels?: Array<'email' | 'postal' | 'phone' | 'form'>;
  /** elements kind: message template ({line}, {label}, {whenLine}, {whenText}, {missing}, {text}, {why}). */
  message?: string;
  /** ISO date the element's provision took effect; later than the rules edition → not checked. */
  since?: string;
}

export interface ExampleSpec {
  /** Short name of what the example shows. */
  name: string;
  format?: 'markdown' | 'text';
  text: string;
  /** Deficiency codes this rule must report on the text (not-ok examples). */
  codes?: string[];
  jurisdictions?: Jurisdiction[];
}

export interface RuleSpec {
  id: string;
  title: string;
  kind: RuleKind;
  topic?: Topic;
  severity: Severity;
  /** The rule runs when any of these jurisdictions applies; empty means always. */
  jurisdictions: Jurisdiction[];
  description: string;
  citations: Citation[];
  /** ISO date the cited law (or the newest cited provision) took effect, for rule editions. */
  since?: string;
  /** elements kind: the rule runs only when this holds. */
  when?: WhenSpec;
  /** elements kind: heading pattern of the rule's own section ("Brazil|LGPD"), where its clauses go. */
  section?: string;
  /**
   * elements kind: sentences under a heading (of their section or an ancestor) that matches this are not
   * read for the items: a "California residents may request to know…" list does not tell EEA readers
   * their GDPR rights.
   */
  notWithin?: string;
  elements?: ElementSpec[];
  /** Messages by deficiency code; {placeholders} are filled by the rule kind. */
  messages?: Record<string, string>;
  /** Sentences a deficiency's fix adds to the existing section, by deficiency code. */
  clauses?: Record<string, string>;
  /** Default severity per deficiency code, where it differs from the rule's. Config overrides both. */
  codeSeverity?: Record<string, Severity>;
  fix?: FixSpec;
  examples: { ok: ExampleSpec[]; notOk: ExampleSpec[] };
}

export interface LawSpec {
  name: string;
  /** Topic → the provision that asks for it. */
  topics: Partial<Record<Topic, string>>;
}

export interface CatalogueData {
  topics: Record<Topic, TopicSpec>;
  laws: Record<Jurisdiction, LawSpec>;
  rules: RuleSpec[];
}
