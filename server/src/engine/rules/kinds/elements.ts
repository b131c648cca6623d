// elements: a disclosure the law lists item by item (GDPR Art. 13/14, COPPA §312.4(d), LGPD Art. 9, APP
// 1.4 ...), as data. Each element has cues, a scope (the topic's section, the whole policy, or where
// its condition was met) and an optional condition (`when`), so IF-DPO, IF-LI, IF-TRANSFER ... are data
// rather than code. A missing element is its own finding, saying what is missing and where the law asks
// for it. An element whose topic the policy never discloses is not reported: the topic's presence rule
// says that once, instead of one finding per element for the same gap.

import { compileCue, cueMatchesText, pattern } from '../../catalogue/catalogue.js';
import type { ElementSpec, RuleSpec } from '../../catalogue/schema.js';
import type { Analysis, SentenceRef } from '../../detect/detector.js';
import { sentencesInside } from '../../detect/detector.js';
import { headingChain, type Section } from '../../document/model.js';
import { clauseEdit, fillTemplate } from '../../fixes/clause.js';
import type { Finding, Fix, Span, Topic } from '../../types.js';
import type { RuleContext } from '../context.js';
import { appendToSection, documentAnchor, lineOf, makeFinding, outermost } from '../context.js';
import type { CompiledCue } from '../../catalogue/catalogue.js';
import { audienceOf, evaluateWhen, type Match } from './conditions.js';
import { cueListId, firstMatching } from '../cue-memo.js';

interface Scope {
  /** Sections the element is looked for in (empty: the whole policy). */
  sections: Section[];
  /** Indexes into analysis.sentences. */
  sentences: number[];
  anchor: Span;
  /** "The retention section (line 40)", "The policy", ... for default messages. */
  where: string;
}

/** The date rule items are judged against: the pinned rules edition, else today. */
export function editionDate(ctx: RuleContext): string {
  return ctx.config.rulesEdition ?? ctx.today.toISOString().slice(0, 10);
}

export function elements(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  const rule = ctx.rule;
  const ruleWhen = evaluateWhen(ctx, rule.when);
  if (!ruleWhen.ok) return [];
  const edition = editionDate(ctx);
  const own = ownSections(a, rule);
  const excluded = excludedSections(a, rule);
  const out: Finding[] = [];
  const pendingClauses: Array<{ finding: Finding; clause: string }> = [];
  for (const el of rule.elements ?? []) {
    if (el.since && el.since > edition) continue;
    const topic = el.topic ?? rule.topic;
    if (el.check === 'topic') {
      // A topic no presence rule of this law reports: the element stands in for one.
      if (a.topics[el.topic!].present) continue;
    } else if (topic && !a.topics[topic].present) continue;
    const elWhen = evaluateWhen(ctx, el.when);
    if (!elWhen.ok) continue;
    const matches = elWhen.matches.length ? elWhen.matches : ruleWhen.matches;
    const scope = notWithin(a, excluded, scopeOf(ctx, el, topic, matches, own));
    const result = check(ctx, el, scope);
    if (result.ok) continue;
    const whenMatch = matches[0];
    const slots: Record<string, string | number> = {
      line: lineOf(a, (result.span ?? scope.anchor).start),
      label: el.label,
      where: scope.where,
      missing: result.missing ?? '',
      text: result.text ?? '',
      whenLine: whenMatch ? lineOf(a, whenMatch.span.start) : '',
      whenText: whenMatch ? excerpt(whenMatch.text) : '',
      why: whyText(ctx, el, rule),
    };
    const template =
      el.message ??
      rule.messages?.[el.code] ??
      (el.forbid ? '{where} uses wording the law no longer accepts: {label}' : whenMatch && el.scope?.startsWith('match') ? 'The policy mentions "{whenText}" (line {whenLine}) but does not give {label}' : '{where} does not mention {label}');
    const message = template.replace(/\{(\w+)\}/g, (m, k: string) => (k in slots ? String(slots[k]) : m));
    const finding = makeFinding(ctx, el.code, message, result.span ?? scope.anchor, {
      citations: el.citations,
      severity: ctx.configured ?? rule.codeSeverity?.[el.code] ?? el.severity ?? rule.severity,
      ...(result.span ? {} : scope.sections.length === 0 && !matches.length ? { documentLevel: true } : {}),
    });
    out.push(finding);
    if (el.clause && !el.forbid) {
      // Never a section above the policy's title (site navigation, a stray block before it): text added
      // there is not read as the policy's, so the finding would stay.
      // Nor a section the rule does not read (`notWithin`): the clause would not count there.
      const target = [...scope.sections, ...own, ...(topic ? topicSections(a, topic) : [])].find(
        (s) => !s.navigation && s.span.start >= a.doc.contentStart && !excluded(s.index),
      );
      if (target) finding.fix = { ...appendToSection(ctx, target, el.clause), title: `Add ${shortLabel(el.label)}` };
      else pendingClauses.push({ finding, clause: el.clause });
    }
  }
  // No section to add to: the first missing item's fix inserts the rule's own section with every
  // missing clause, so applying any one fix never adds the same heading twice.
  if (pendingClauses.length && rule.fix) {
    const body = pendingClauses.map((p) => p.clause.trim()).join('\n\n');
    const edit = clauseEdit(a, rule.fix.heading, fillTemplate(body, ctx.config.organization, ctx.today), rule.fix.placement);
    const fix: Fix = { ...edit, title: `Insert a "${rule.fix.heading}" section` };
    pendingClauses[0]!.finding.fix = fix;
  }
  return out;
}

const compiledElements = new WeakMap<ElementSpec, CompiledCue[]>();
function compiledOf(el: ElementSpec): CompiledCue[] {
  let c = compiledElements.get(el);
  if (!c) {
    c = el.cues.map(compileCue);
    compiledElements.set(el, c);
  }
  return c;
}

function shortLabel(label: string): string {
  return label.length > 70 ? `${label.slice(0, 67)}…` : label;
}

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

/** Why an audience-dependent rule applies, for messages that want to say so. */
function whyText(ctx: RuleContext, el: ElementSpec, rule: RuleSpec): string {
  if (el.when?.audience || rule.when?.audience) {
    const r = audienceOf(ctx);
    return r.reason === 'configured' ? `the configuration says the audience is ${r.audience}` : r.reason;
  }
  return '';
}

/** A lead-in that introduces rights: "You have the right to:", "You can, at any time:". */
const RIGHTS_LEAD_IN = /\bright(s)?\b|\b(you|users?|individuals?) (can|may)\b[^.;]{0,30}:\s*$/i;

/**
 * Whether an item of a list of rights, read with the sentence that introduces it, matches: "You have the
 * right to:" then "- have your data erased in certain cases" states the right, though neither sentence does
 * alone. Only lists introduced as rights: joined to "We collect and use your information for the following
 * purposes:", any item naming a third party would read as a tracking disclosure. Only tried when no sentence
 * matched on its own, so it costs nothing on policies that say it plainly.
 */
function listItemMatches(a: Analysis, indices: readonly number[], cues: CompiledCue[]): boolean {
  const leadIns = new Map<number, string | null>();
  for (const i of indices) {
    const s = a.sentences[i]!;
    if (s.block.kind !== 'list-item') continue;
    let j = i - 1;
    while (j >= 0 && a.sentences[j]!.block.kind === 'list-item' && a.sentences[j]!.block.section === s.block.section) j--;
    let lead = leadIns.get(j);
    if (lead === undefined) {
      const candidate = j >= 0 ? a.sentences[j]! : undefined;
      const text = candidate ? a.texts[j]! : '';
      lead = candidate && candidate.block.kind === 'paragraph' && candidate.block.section === s.block.section && text.trimEnd().endsWith(':') && RIGHTS_LEAD_IN.test(text) ? text : null;
      leadIns.set(j, lead);
    }
    if (lead !== null) {
      const joined = `${lead} ${a.texts[i]!}`;
      if (cues.some((c) => cueMatchesText(c, joined))) return true;
    }
  }
  return false;
}

/**
 * Which sections (by index) lie under a heading the rule's `notWithin` names (another law's section),
 * worked out once per rule and lint for all its items.
 */
function excludedSections(a: Analysis, rule: RuleSpec): (section: number) => boolean {
  if (!rule.notWithin) return () => false;
  const re = pattern(rule.notWithin);
  const known = new Map<number, boolean>();
  return (index) => {
    let inside = known.get(index);
    if (inside === undefined) known.set(index, (inside = headingChain(a.doc, a.doc.sections[index]!).some((h) => re.test(h.text))));
    return inside;
  };
}

/** The scope without the sentences the rule does not read (`notWithin`). */
function notWithin(a: Analysis, excluded: (section: number) => boolean, scope: Scope): Scope {
  const sentences = scope.sentences.filter((i) => !excluded(a.sentences[i]!.block.section));
  return sentences.length === scope.sentences.length ? scope : { ...scope, sentences };
}

/** The rule's own section(s), found by its `section` heading pattern. */
function ownSections(a: Analysis, rule: RuleSpec): Section[] {
  if (!rule.section) return [];
  const re = pattern(rule.section);
  return outermost(a.doc.sections.filter((s) => s.heading && !s.navigation && re.test(s.heading.text)));
}

function scopeOf(ctx: RuleContext, el: ElementSpec, topic: Topic | undefined, matches: Match[], own: Section[]): Scope {
  const a = ctx.analysis;
  const all = () => a.sentences.map((_, i) => i);
  // A binary search per section, not every sentence against every section: a long policy has thousands of
  // each, and a 12 MB one linted four times slower than 6 MB on this product alone.
  const inSections = (sections: Section[]) => sentencesInside(a, sections.map((sec) => sec.span));
  const scope = el.scope ?? (topic ? 'section' : 'document');
  if ((scope === 'match-section' || scope === 'match-sentence') && matches.length) {
    const sections = [...new Set(matches.map((m) => m.section))].map((i) => a.doc.sections[i]!);
    if (scope === 'match-section') {
      return { sections, sentences: inSections(sections), anchor: matches[0]!.span, where: `The text at line ${lineOf(a, matches[0]!.span.start)}` };
    }
    // The matching sentences and the one after each (details often follow: "Our DPO ... . Email: ...").
    const starts = new Set(matches.map((m) => m.span.start));
    const idx: number[] = [];
    a.sentences.forEach((s, i) => {
      if (starts.has(s.span.start)) {
        idx.push(i);
        const next = a.sentences[i + 1];
        if (next && next.block.section === s.block.section) idx.push(i + 1);
      }
    });
    return { sections: [], sentences: [...new Set(idx)], anchor: matches[0]!.span, where: `The sentence at line ${lineOf(a, matches[0]!.span.start)}` };
  }
  if (scope === 'section' && topic) {
    const sections = topicSections(a, topic);
    const evidence = a.topics[topic].evidence;
    const idx = new Set(inSections(sections));
    const evStarts = new Set(evidence.map((e) => e.span.start));
    a.sentences.forEach((s, i) => evStarts.has(s.span.start) && idx.add(i));
    const head = sections.find((s) => s.heading)?.heading?.span ?? evidence[0]?.span ?? documentAnchor(a);
    const title = topicTitle(topic);
    return { sections, sentences: [...idx].sort((x, y) => x - y), anchor: head, where: `The ${title} section (line ${lineOf(a, head.start)})` };
  }
  if (topic) {
    // The whole policy is searched, but the finding belongs to the topic's passage.
    const head = topicSections(a, topic).find((s) => s.heading)?.heading?.span ?? a.topics[topic].evidence[0]?.span ?? documentAnchor(a);
    return { sections: [], sentences: all(), anchor: head, where: `The ${topicTitle(topic)} section (line ${lineOf(a, head.start)})` };
  }
  const anchor = matches[0]?.span ?? own[0]?.heading?.span ?? documentAnchor(a);
  return { sections: [], sentences: all(), anchor, where: 'The policy' };
}

/** The sections that make a topic's disclosure: those its heading announces, else those holding its evidence. */
function topicSections(a: Analysis, topic: Topic): Section[] {
  const sections = outermost(a.topicSections[topic]);
  if (sections.length) return sections;
  return outermost([...new Set(a.topics[topic].evidence.map((e) => e.section))].map((i) => a.doc.sections[i]!));
}

const TITLES: Partial<Record<Topic, string>> = {
  'international-transfers': 'international transfers',
  'legal-bases': 'legal bases',
  'do-not-track': 'Do Not Track',
  'complaint-authority': 'complaints',
  'sale-opt-out': 'sale and opt-out',
  'effective-date': 'effective date',
  collection: 'data collected',
  use: 'use of data',
  dpo: 'data protection officer',
  ccpa: 'California notice',
};
function topicTitle(t: Topic): string {
  return TITLES[t] ?? t;
}

interface CheckResult {
  ok: boolean;
  /** Where a forbidden wording was found. */
  span?: Span;
  text?: string;
  missing?: string;
}

const CHANNEL_WORDS: Record<string, string> = { email: 'an email address', postal: 'a postal address', phone: 'a telephone number', form: 'a web form' };
/** Placeholders a fix inserted count as the channel (the unfilled-placeholder rule reports them). */
const CHANNEL_PLACEHOLDER: Record<string, RegExp> = {
  email: /\[(PRIVACY |DPO )?EMAIL[^\]]*\]/,
  postal: /\[POSTAL ADDRESS[^\]]*\]/,
  phone: /\[PHONE( NUMBER)?[^\]]*\]/,
  form: /\[WEBSITE URL[^\]]*\]/,
};

function check(ctx: RuleContext, el: ElementSpec, scope: Scope): CheckResult {
  const a = ctx.analysis;
  if (el.check === 'topic') return { ok: false };
  if (el.check === 'contact-channels') {
    const c = a.details.contact;
    const text = a.doc.plain;
    const missing = (el.channels ?? ['email', 'postal', 'phone']).filter((k) => !c[k] && !CHANNEL_PLACEHOLDER[k]!.test(text));
    return missing.length ? { ok: false, missing: missing.map((k) => CHANNEL_WORDS[k]).join(', ') } : { ok: true };
  }
  const cues = compiledOf(el);
  if (el.match === 'text') {
    const texts = scope.sections.length
      ? scope.sections.map((s) => a.doc.plain.slice(s.heading ? s.heading.span.start : s.span.start, s.span.end))
      : scope.sentences.length === a.sentences.length
        ? [a.doc.plain.slice(a.doc.contentStart)]
        : [scope.sentences.map((i) => a.texts[i]).join(' ')];
    const hit = texts.some((t) => cues.some((c) => cueMatchesText(c, t)));
    return { ok: hit !== !!el.forbid };
  }
  // Answers per sentence text are remembered across lints (cue-memo.ts): a keystroke re-asks only the
  // sentence it changed.
  const first = firstMatching(a, 'sentence', a.texts, scope.sentences, cueListId(cues), cues);
  if (first === undefined) return { ok: !!el.forbid || listItemMatches(a, scope.sentences, cues) };
  if (!el.forbid) return { ok: true };
  const s: SentenceRef = a.sentences[first]!;
  return { ok: false, span: s.span, text: excerpt(a.texts[first]!) };
}
