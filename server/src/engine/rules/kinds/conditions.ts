// Conditions written as data (a rule's or element's `when`): "the policy names a DPO", "consent is
// relied on", "the service is directed to children". Each evaluation says where in the text the
// condition was met, so a message can point at it. Results are cached per analysis: many rules ask
// the same question of the same document. Nothing here decides whether a disclosure is adequate.

import type { CompiledCue } from '../../catalogue/catalogue.js';
import { compileCue } from '../../catalogue/catalogue.js';
import type { CueSpec, WhenSpec } from '../../catalogue/schema.js';
import type { Analysis } from '../../detect/detector.js';
import type { Span } from '../../types.js';
import { allIndexes, matchingIndexes } from '../cue-memo.js';
import type { RuleContext } from '../context.js';

/** A place where a `mentions` condition matched: a sentence, or a heading (whose section it names). */
export interface Match {
  span: Span;
  /** Index of the section the match belongs to. */
  section: number;
  text: string;
}

export interface WhenResult {
  ok: boolean;
  /** Where `mentions` matched (empty when the condition has no `mentions`). */
  matches: Match[];
}

interface Texts {
  headings: Array<{ span: Span; section: number; text: string }>;
  /** Cue list (by its JSON) → matches. */
  memo: Map<string, Match[]>;
  audience?: AudienceResult;
}

const textsCache = new WeakMap<Analysis, Texts>();

export function textsOf(a: Analysis): Texts {
  let t = textsCache.get(a);
  if (!t) {
    t = {
      headings: a.doc.sections
        .filter((s) => s.heading && !s.navigation && s.heading.span.start >= a.doc.contentStart)
        .map((s) => ({ span: s.heading!.span, section: s.index, text: s.heading!.text })),
      memo: new Map(),
    };
    textsCache.set(a, t);
  }
  return t;
}

export function cuesOf(spec: string | CueSpec[]): CueSpec[] {
  return typeof spec === 'string' ? [{ all: [spec] }] : spec;
}

const compiled = new Map<string, CompiledCue[]>();
function compiledCues(key: string, specs: CueSpec[]): CompiledCue[] {
  let c = compiled.get(key);
  if (!c) {
    c = specs.map(compileCue);
    compiled.set(key, c);
  }
  return c;
}

/** A cue list's key: its JSON, worked out once per list (the catalogue's lists are the same objects every lint). */
const keys = new WeakMap<CueSpec[], string>();
function keyOf(spec: string | CueSpec[]): string {
  if (typeof spec === 'string') return JSON.stringify(spec);
  let k = keys.get(spec);
  if (k === undefined) keys.set(spec, (k = JSON.stringify(spec)));
  return k;
}

/** Every sentence and heading of the policy that matches one of the cues, in document order. */
export function mentions(a: Analysis, spec: string | CueSpec[]): Match[] {
  const t = textsOf(a);
  const key = keyOf(spec);
  let found = t.memo.get(key);
  if (found) return found;
  const cues = compiledCues(key, cuesOf(spec));
  const headingTexts = t.headings.map((h) => h.text);
  found = [];
  for (const i of matchingIndexes(a, 'heading', headingTexts, allIndexes(headingTexts.length), key, cues)) {
    const h = t.headings[i]!;
    found.push({ span: h.span, section: h.section, text: h.text });
  }
  for (const i of matchingIndexes(a, 'sentence', a.texts, allIndexes(a.texts.length), key, cues)) {
    found.push({ span: a.sentences[i]!.span, section: a.sentences[i]!.block.section, text: a.texts[i]! });
  }
  found.sort((x, y) => x.span.start - y.span.start);
  t.memo.set(key, found);
  return found;
}

export function evaluateWhen(ctx: RuleContext, when: WhenSpec | undefined): WhenResult {
  if (!when) return { ok: true, matches: [] };
  const a = ctx.analysis;
  if (when.topic && !a.topics[when.topic].present) return { ok: false, matches: [] };
  if (when.noTopic && a.topics[when.noTopic].present) return { ok: false, matches: [] };
  if (when.jurisdictions && !when.jurisdictions.some((j) => ctx.applicability.has(j))) return { ok: false, matches: [] };
  if (when.audience && audienceOf(ctx).audience !== when.audience) return { ok: false, matches: [] };
  // The rarer "mentions" first: "notMentions" (an EU-establishment list, say) is read only when it matters.
  const m = when.mentions ? mentions(a, when.mentions) : [];
  if (when.mentions && m.length === 0) return { ok: false, matches: [] };
  if (when.notMentions && mentions(a, when.notMentions).length > 0) return { ok: false, matches: [] };
  return { ok: true, matches: m };
}

// ---- audience ----------------------------------------------------------------------------------

export interface AudienceResult {
  audience: 'child-directed' | 'general';
  /** "configured", or what in the text shows it, with its line. */
  reason: string;
  span: Span | null;
}

/**
 * Statements that the service itself is for children (COPPA §312.2 "directed to children", including a
 * mixed audience), never a denial of it: "a reading game for children aged five to twelve", "designed
 * for users of all ages, including children under 13", "we let a child under 13 join once a parent
 * has consented". A children's section of a general-audience policy does not match.
 */
const CHILD_DIRECTED: CueSpec[] = [
  {
    all: [
      '\\b(designed|made|built|created|intended|directed|aimed|meant|developed|tailored) (primarily |mainly |specifically |especially )?(for|to|at) (young )?(children|kids|pre-?schoolers|(elementary|primary)[- ]school (children|students|pupils))\\b',
    ],
    none: ['\\b(not|never|n[’\']t|nor|no part)\\b', '\\bonly (adults|users (aged )?(over|above|1[3-8]))'],
  },
  {
    all: ['\\b(game|app|application|service|site|website|platform|program|programme|club|product|community|world)s? (made |built |designed )?for (young )?(children|kids)\\b'],
    none: ['\\b(not|never|n[’\']t|nor)\\b'],
  },
  { all: ['\\b(designed|intended|made|built|meant) for (users|people|players|learners|students) of all ages,? including (young )?children\\b'] },
  { all: ['\\bmixed[- ]audience (service|site|website|app|game|platform)\\b'], none: ['\\bnot\\b[^.]{0,20}mixed'] },
  // Children under 13 invited in with a parent's permission: a mixed audience with actual knowledge.
  {
    all: ['\\b(if you[’\'`]re|if you are)\\b[^.;]{0,10}\\b(under|younger than|below) (the age of )?(13|thirteen)\\b[^.;]{0,60}\\b(get|ask for|obtain|need|have|with)\\b[^.;]{0,30}\\b(permission|consent|go-ahead|approval)\\b[^.;]{0,40}\\b(parent|guardian)'],
    none: ['\\b(do not|don[’\']t|may not|must not|cannot|can[’\']t|are not (allowed|permitted))\\b[^.;]{0,20}\\b(use|register|create|sign up|access)'],
  },
  { all: ['\\b(information|data) we collect (if you[’\']re|if you are|from (users|children|kids|players)) (under|younger than) (the age of )?(13|thirteen)\\b'] },
  {
    all: [
      '\\b(child|children|kids?|students?|users?|players?)\\b[^.]{0,30}\\b(under|younger than|below) (the age of )?(13|thirteen)\\b[^.]{0,80}\\b(with|after|once|until|only (with|after|once))\\b[^.]{0,30}\\b(verifiable |prior )?(parent(al)?|guardian)[^.]{0,20}\\b(consent|permission|authori[sz]ation)',
    ],
    none: ['\\bwithout\\b', '\\b(if|should) we (learn|discover|become aware|find)', '\\bwe do not knowingly\\b'],
  },
];

export function audienceOf(ctx: RuleContext): AudienceResult {
  const configured = ctx.config.audience;
  if (configured && configured !== 'auto') return { audience: configured, reason: 'configured', span: null };
  const t = textsOf(ctx.analysis);
  if (!t.audience) {
    const m = mentions(ctx.analysis, CHILD_DIRECTED)[0];
    if (m) {
      const line = ctx.analysis.doc.lines.lineAt(m.span.start) + 1;
      t.audience = { audience: 'child-directed', reason: `the policy describes a service for children (line ${line})`, span: m.span };
    } else {
      t.audience = { audience: 'general', reason: 'the policy does not describe the service as directed to children', span: null };
    }
  }
  return t.audience;
}
