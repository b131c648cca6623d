// Loads the rule catalogue generated from rules/*.yaml and compiles its patterns once.
// Patterns are data written by this project, never by a workspace, so compiling them is safe.

import { TOPICS, type Topic } from '../types.js';
import { CATALOGUE_DATA } from './catalogue.generated.js';
import type { CueSpec, LawSpec, RuleSpec, TopicSpec } from './schema.js';
import type { Jurisdiction } from '../types.js';

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
}

const cache = new Map<string, RegExp>();
export function pattern(source: string): RegExp {
  let re = cache.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    cache.set(source, re);
  }
  return re;
}

export function compileCue(c: CueSpec): CompiledCue {
  return {
    all: c.all.map(pattern),
    none: (c.none ?? []).map(pattern),
    within: c.within ? pattern(c.within) : null,
    section: (c.section ?? []).map(pattern),
  };
}

/** Sentence-level test only; `within` and `section` need the document and are checked by the caller. */
export function cueMatchesText(cue: CompiledCue, text: string): boolean {
  for (const re of cue.all) if (!re.test(text)) return false;
  for (const re of cue.none) if (re.test(text)) return false;
  return true;
}

function compileTopic(id: Topic, spec: TopicSpec): CompiledTopic {
  const cues = spec.sentences.map(compileCue);
  return {
    id,
    spec,
    heading: spec.heading ? pattern(spec.heading) : null,
    headingExclude: spec.headingExclude ? pattern(spec.headingExclude) : null,
    cues,
    prefilter: new RegExp(spec.sentences.map((c) => `(?:${c.all[0]})`).join('|'), 'i'),
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
