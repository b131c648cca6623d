// What a rule kind gets to work with, and the helpers every kind shares: building findings with
// citations in the message, anchoring document-level findings, and the clause fix from the rule's data.

import type { CompiledCue } from '../catalogue/catalogue.js';
import { compileCue, cueMatchesText } from '../catalogue/catalogue.js';
import type { CueSpec, RuleSpec } from '../catalogue/schema.js';
import type { ResolvedConfig } from '../config/config.js';
import type { Analysis, SentenceRef } from '../detect/detector.js';
import { sentencesInside } from '../detect/detector.js';
import type { Section } from '../document/model.js';
import { POLICY_TITLE } from '../document/model.js';
import { clauseEdit, fillTemplate, keepNeighbourBreaks } from '../fixes/clause.js';
import type { Citation, Finding, Fix, Severity, Span, TextEdit } from '../types.js';
import type { ActiveJurisdiction, Applicability } from './applicability.js';

export interface RuleContext {
  rule: RuleSpec;
  analysis: Analysis;
  config: ResolvedConfig;
  applicability: Applicability;
  /** The jurisdiction the rule applies through (true: the rule applies everywhere). */
  via: ActiveJurisdiction | true;
  today: Date;
  /** Severity the user configured for this rule, overriding every per-code default. */
  configured: Severity | undefined;
}

export function citeText(citations: readonly Citation[]): string {
  return citations.map((c) => `${c.law} ${c.ref}`).join('; ');
}

export function severityOf(ctx: RuleContext, code: string): Severity {
  return ctx.configured ?? ctx.rule.codeSeverity?.[code] ?? ctx.rule.severity;
}

/** Fills {name} slots of the rule's message for `code`, or uses `fallback`. */
export function messageFor(ctx: RuleContext, code: string, fallback: string, slots: Record<string, string | number> = {}): string {
  const template = ctx.rule.messages?.[code] ?? fallback;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in slots ? String(slots[k]) : m));
}

export interface FindingOptions {
  citations?: Citation[];
  fix?: Fix;
  evidence?: Span[];
  documentLevel?: boolean;
  severity?: Severity;
}

export function makeFinding(ctx: RuleContext, code: string, message: string, span: Span, opts: FindingOptions = {}): Finding {
  const citations = opts.citations ?? ctx.rule.citations;
  const f: Finding = {
    ruleId: ctx.rule.id,
    severity: opts.severity ?? severityOf(ctx, code),
    code,
    message: citations.length ? `${message} (${citeText(citations)})` : message,
    span,
    citations,
  };
  if (opts.fix) f.fix = opts.fix;
  if (opts.evidence?.length) f.evidence = opts.evidence;
  if (opts.documentLevel) f.documentLevel = true;
  if (ctx.via !== true && ctx.via.reason !== 'configured') f.appliesBecause = `${lawName(ctx.via.id)} applies: ${ctx.via.reason}`;
  return f;
}

function lawName(id: string): string {
  return ({ gdpr: 'GDPR', 'uk-gdpr': 'UK GDPR', ccpa: 'CCPA', coppa: 'COPPA', caloppa: 'CalOPPA', 'us-states': 'US state privacy laws', lgpd: 'LGPD', pipeda: 'PIPEDA', app: 'Australian Privacy Principles', appi: 'APPI' } as Record<string, string>)[id] ?? id;
}

/** Where a finding about the whole policy points: the policy's title, else its first line of content. */
export function documentAnchor(a: Analysis): Span {
  const doc = a.doc;
  const first = doc.sections.find((s) => s.heading && !s.navigation);
  if (first?.heading && (first.level === 1 || POLICY_TITLE.test(first.heading.text))) return first.heading.span;
  const start = doc.contentStart;
  const line = doc.lines.lineAt(start);
  for (let l = line; l < doc.lines.lineCount; l++) {
    if (doc.lines.lineText(l).trim()) return { start: doc.lines.starts[l]!, end: doc.lines.lineEnd(l) };
  }
  return { start, end: start };
}

/** The clause fix declared in the rule's data, shaped for this document. */
export function clauseFix(ctx: RuleContext): Fix | undefined {
  const spec = ctx.rule.fix;
  if (!spec) return undefined;
  const body = fillTemplate(spec.body, ctx.config.organization, ctx.today);
  const edit = clauseEdit(ctx.analysis, spec.heading, body, spec.placement);
  return { ...edit, title: spec.placement === 'after-title' ? `Insert: ${firstLine(body)}` : `Insert a "${spec.heading}" section` };
}

function firstLine(s: string): string {
  const l = s.trim().split('\n')[0]!;
  return l.length > 60 ? `${l.slice(0, 57)}…` : l;
}

/** The standard finding for a topic the policy never mentions. */
export function absentFinding(ctx: RuleContext, fallback: string): Finding {
  return makeFinding(ctx, 'ABSENT', messageFor(ctx, 'ABSENT', fallback), documentAnchor(ctx.analysis), {
    fix: clauseFix(ctx),
    documentLevel: true,
  });
}

/** Appends a paragraph at the end of a section's own content (before its first subsection or the next section). */
export function appendToSection(ctx: RuleContext, section: Section, text: string): TextEdit {
  const doc = ctx.analysis.doc;
  const eol = doc.eol;
  let end = section.ownEnd;
  // The next heading may sit inside a list item or quote ("- # Title"): the section ends at the start
  // of that heading's line, not between the marker and the heading.
  if (end < doc.text.length) end = doc.lines.starts[doc.lines.lineAt(end)]!;
  // Step back over trailing blank lines so the new paragraph sits with the section's prose.
  while (end > 0 && /[\r\n \t]/.test(doc.text[end - 1]!)) end--;
  // Line breaks in the template or in a filled fact (a two-line postal address) take the file's ending.
  const filled = fillTemplate(text, ctx.config.organization, ctx.today).trim().split(/\r\n|\r|\n/).join(eol);
  // A blank line, where the CR of a CRLF is not a line of its own.
  const blank = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)/;
  const gap = doc.format === 'markdown' || blank.test(doc.text.slice(section.span.start, section.ownEnd));
  // In Markdown the next heading may follow with no blank line (after a rule or a list): a setext
  // heading would then take the new paragraph as its first line. Keep a blank line after it.
  const tail = doc.format === 'markdown' && section.ownEnd < doc.text.length && !blank.test(doc.text.slice(end, section.ownEnd)) ? eol : '';
  // Without blank lines, a sentence added after a line with no closing punctuation ("contact" over an
  // address) would be read as that line's continuation, with whatever it says: a blank line keeps it apart.
  const runsOn = !gap && !/[.!?:;)"'”’][ \t]*$/.test(doc.text.slice(Math.max(0, end - 8), end));
  return { range: [end, end], text: keepNeighbourBreaks(doc.text, end, (gap || runsOn ? eol + eol : eol) + filled + tail) };
}

const compiledCues = new WeakMap<CueSpec[], CompiledCue[]>();
const cueListIds = new WeakMap<CompiledCue[], string>();
let cueLists = 0;

/** Compiled once per cue list of the catalogue (the same array every lint), so its matches can be remembered. */
export function compileCues(specs: CueSpec[]): CompiledCue[] {
  let c = compiledCues.get(specs);
  if (!c) {
    c = specs.map(compileCue);
    compiledCues.set(specs, c);
    cueListIds.set(c, `cues#${++cueLists}`);
  }
  return c;
}

/**
 * Whether a sentence's text matches any of `cues`, remembered per text across lints (within/section
 * conditions are not used by element cues). Cue lists compiled elsewhere are matched every time.
 */
function matchesAny(a: Analysis, text: string, cues: CompiledCue[]): boolean {
  const id = cueListIds.get(cues);
  const test = (t: string) => cues.some((c) => cueMatchesText(c, t));
  return id ? a.memo.get(id, text, test) : test(text);
}

/** The text of a sentence: the analysis's own string when the sentence is one of its sentences. */
function textOf(a: Analysis, s: SentenceRef, i: number, all: boolean): string {
  return all ? a.texts[i]! : a.doc.plain.slice(s.span.start, s.span.end);
}

/** Sentences whose text matches any of `cues` (within/section conditions are not used by element cues). */
export function sentencesMatching(a: Analysis, sentences: SentenceRef[], cues: CompiledCue[]): SentenceRef[] {
  const all = sentences === a.sentences;
  return sentences.filter((s, i) => matchesAny(a, textOf(a, s, i, all), cues));
}

/** Whether any of `sentences` matches any of `cues` (sentencesMatching(...).length > 0, stopping at the first). */
export function anySentenceMatches(a: Analysis, sentences: SentenceRef[], cues: CompiledCue[]): boolean {
  const all = sentences === a.sentences;
  return sentences.some((s, i) => matchesAny(a, textOf(a, s, i, all), cues));
}

/** Sentences inside any of the sections (with their subsections), in document order. */
export function sentencesIn(a: Analysis, sections: Section[]): SentenceRef[] {
  if (!sections.length) return [];
  return sentencesInside(
    a,
    sections.map((sec) => sec.span),
  ).map((i) => a.sentences[i]!);
}

/** Outermost sections among `sections` (drop those nested in another one of the list). */
export function outermost(sections: Section[]): Section[] {
  // Sections nest like a tree, so in start order (longest first) an enclosing section comes before all it
  // encloses, and only the last one kept can enclose the next: one sweep instead of every pair.
  const order = [...sections].sort((x, y) => x.span.start - y.span.start || y.span.end - x.span.end || x.level - y.level);
  const nested = new Set<Section>();
  let cover: Section | undefined;
  for (const s of order) {
    if (cover && cover.span.start <= s.span.start && s.span.end <= cover.span.end && cover.level < s.level) nested.add(s);
    else if (!cover || s.span.end > cover.span.end) cover = s;
  }
  return nested.size ? sections.filter((s) => !nested.has(s)) : sections;
}

export function lineOf(a: Analysis, offset: number): number {
  return a.doc.lines.lineAt(offset) + 1;
}
