// Loads the rule catalogue generated from rules/*.yaml and compiles its patterns once.
// Patterns are data written by this project, never by a workspace, so compiling them is safe.

import { TOPICS, type Topic } from '../types.js';
import { CATALOGUE_DATA } from './catalogue.generated.js';
import type { CueSpec, LawSpec, RuleSpec, TopicSpec } from './schema.js';
import type { Jurisdiction } from '../types.js';
import { isGated, mayMatch, registerPattern, type Found } from './gate.js';

export interface CompiledCue {
  all: RegExp[];
  none: RegExp[];
  within: RegExp | null;
  section: RegExp[];
}

export interface CompiledTopic {
  id: Topic;
  spec: TopicSpec;
  heading: RegExp | null;
  headingExclude: RegExp | null;
  cues: CompiledCue[];
  /** Cheap first test: a sentence that fails it cannot match any cue of the topic. */
  prefilter: RegExp;
  /** The prefilter has literals (gate.ts): the gate can stand in for running it. */
  prefilterGated: boolean;
}

const cache = new Map<string, RegExp>();
export function pattern(source: string): RegExp {
  let re = cache.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    cache.set(source, re);
    registerPattern(re, source);
  }
  return re;
}

/** Every pattern compiled so far (the whole catalogue once it is loaded), for tests of the gate. */
export function compiledPatterns(): RegExp[] {
  return [...cache.values()];
}

export function compileCue(c: CueSpec): CompiledCue {
  return {
    all: c.all.map(pattern),
    none: (c.none ?? []).map(pattern),
    within: c.within ? pattern(c.within) : null,
    section: (c.section ?? []).map(pattern),
  };
}

/**
 * Sentence-level test only; `within` and `section` need the document and are checked by the caller.
 * With `found` (gate.ts's scan of this same text), patterns that cannot match it are not run.
 */
export function cueMatchesText(cue: CompiledCue, text: string, found?: Found): boolean {
  if (found) for (const re of cue.all) if (!mayMatch(re, found)) return false;
  for (const re of cue.all) if (!re.test(text)) return false;
  for (const re of cue.none) if ((!found || mayMatch(re, found)) && re.test(text)) return false;
  return true;
}

/**
 * Compiles every pattern of the rules up front, so that each one's literals are in gate.ts's table
 * before the first text is scanned (a pattern registered after a scan is simply not gated for it).
 */
function registerRulePatterns(value: unknown, key = ''): void {
  if (typeof value === 'string') {
    if (PATTERN_KEYS.has(key)) pattern(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) registerRulePatterns(v, key);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) registerRulePatterns(v, k);
  }
}
/** Where a rule's `when`, `section` and `elements` hold patterns: cue fields, conditions, the rule's section heading. */
const PATTERN_KEYS = new Set(['all', 'none', 'within', 'section', 'notWithin', 'mentions', 'notMentions']);

function compileTopic(id: Topic, spec: TopicSpec): CompiledTopic {
  const cues = spec.sentences.map(compileCue);
  const prefilter = pattern(spec.sentences.map((c) => `(?:${c.all[0]})`).join('|'));
  return {
    id,
    spec,
    heading: spec.heading ? pattern(spec.heading) : null,
    headingExclude: spec.headingExclude ? pattern(spec.headingExclude) : null,
    cues,
    prefilter,
    prefilterGated: isGated(prefilter),
  };
}

export class Catalogue {
  readonly topics: CompiledTopic[];
  readonly rules: RuleSpec[];
  readonly laws: Record<Jurisdiction, LawSpec>;
  private byId: Map<string, RuleSpec>;

  constructor(data = CATALOGUE_DATA) {
    this.topics = TOPICS.map((t) => {
      const spec = data.topics[t];
      if (!spec) throw new Error(`rules/topics.yaml has no entry for topic "${t}"`);
      return compileTopic(t, spec);
    });
    this.rules = data.rules;
    for (const r of data.rules) registerRulePatterns({ when: r.when, section: r.section, elements: r.elements });
    this.laws = data.laws;
    this.byId = new Map(data.rules.map((r) => [r.id, r]));
  }

  rule(id: string): RuleSpec | undefined {
    return this.byId.get(id);
  }

  topic(id: Topic): CompiledTopic {
    return this.topics[TOPICS.indexOf(id)]!;
  }
}

let shared: Catalogue | null = null;
/** The built-in catalogue, compiled on first use. */
export function builtinCatalogue(): Catalogue {
  shared ??= new Catalogue();
  return shared;
}
