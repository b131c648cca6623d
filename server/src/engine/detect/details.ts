// Extracts the details the headline checks need from the sentences detection already selected:
// children's age thresholds, a breach-notice timeframe, contact channels, named GDPR lawful bases
// and named CCPA rights. Patterns follow the reusable sub-elements of requirements.md (AGE, DURATION,
// PROMPT, EMAIL, PHONE, POSTAL, URL). Only candidate sentences are examined, never the whole text twice.

import type { Section } from '../document/model.js';
import { headingChain } from '../document/model.js';
import type { CcpaRight, LegalBasis, Span } from '../types.js';
import { CCPA_RIGHTS, LEGAL_BASES } from '../types.js';
import type { Analysis, SentenceRef } from './detector.js';
import { wordsToNumber } from './nlp.js';

export interface AgeMention {
  age: number;
  span: Span;
}

export interface Channel {
  kind: 'email' | 'postal' | 'phone' | 'form';
  value: string;
  span: Span;
}

export interface Details {
  children: { age: number | null; ages: AgeMention[] };
  breach: { timeframe: boolean; timeframeSpan: Span | null };
  contact: { email: boolean; postal: boolean; phone: boolean; form: boolean; channels: Channel[] };
  legalBases: { named: LegalBasis[]; evidence: Partial<Record<LegalBasis, Span>> };
  ccpa: { rights: CcpaRight[]; evidence: Partial<Record<CcpaRight, Span>> };
}

const NUMBER_WORD = '(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty[- ]one|twenty)';
const AGE = new RegExp(
  `\\b(?:under|below|younger than|less than|at least|over|older than|aged?|minimum age (?:of|is)|must be|age of)\\s+(?:the age of\\s+)?(\\d{1,2}|${NUMBER_WORD})\\b` +
    `|\\b(\\d{1,2}|${NUMBER_WORD})\\s*(?:\\+|years? (?:old|of age)|or (?:older|over|younger|under))` +
    `|\\bunder[- ](\\d{1,2})s?\\b|\\b(\\d{1,2})-year-olds?\\b`,
  'gi',
);

/** AGE matches in `text` (absolute offsets from `base`), thresholds between 10 and 21 only. */
export function findAges(text: string, base: number): AgeMention[] {
  const out: AgeMention[] = [];
  AGE.lastIndex = 0;
  for (let m = AGE.exec(text); m; m = AGE.exec(text)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4]!;
    const age = /^\d+$/.test(raw) ? Number(raw) : wordsToNumber(raw);
    if (age !== null && age >= 10 && age <= 21) out.push({ age, span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return out;
}

const DURATION = new RegExp(
  `\\b(?:\\d{1,3}|${NUMBER_WORD}|seventy[- ]two|thirty|forty[- ]five|sixty|ninety|three|five|seven|ten)\\s*(?:\\(\\d+\\)\\s*)?(?:hours?|days?|business days?|calendar days?|working days?|weeks?|months?)\\b`,
  'i',
);
const PROMPT = /without (?:undue|unreasonable) delay|as soon as (?:reasonably )?(?:practicable|possible|feasible)|most expedient time|\bpromptly\b|\bimmediately\b/i;

export const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b|\b\w+\s*(?:\[at\]|\(at\))\s*[\w-]+\s*(?:\[dot\]|\(dot\))\s*\w+/g;
const STREET =
  /\b\d{1,5}[A-Za-z]?(?:[-–]\d{1,5})?,?\s+(?:[A-Z0-9][\w'.-]*\s+){0,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Parkway|Pkwy|Square|Sq|Highway|Hwy|Plaza|Terrace|Circle|Park|Quay|Row|Walk|Wharf)\b\.?/;
const EU_STREET = /\b[A-ZÄÖÜ][\wäöüß'-]*(?:straße|strasse|str\.|weg|gasse|platz|damm|allee|ring|laan|gracht|straat|vej|gatan|katu)\s+\d{1,4}\b|\b(?:rue|avenue|boulevard|via|calle|avenida|rua|piazza|place)\s+[\wÀ-ÿ' -]{2,40}?\b\d{0,4}/i;
const PO_BOX = /\bP\.?\s?O\.?\s?Box\s+\d+|\bPost(?:al)? Office Box\s+\d+|\bGPO Box\s+\d+/i;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/;
const SUITE = /\b(?:Suite|Ste\.?|Floor|Unit)\s+\d+/i;
const PHONE_CONTEXT = /\b(?:phone|telephone|tel|call(?:ing)?|toll[- ]free|mobile|hotline|dial|number)\b/i;
const PHONE = /(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]{0,3}\d{2,4}(?:[\s.-]{1,3}\d{2,5}){1,3}\b|\(\d{3}\)\s?\d{3}\s?-?\s?[A-Z0-9]{4}\b|\b1[-. ]?8(?:00|33|44|55|66|77|88)[-. ]?[A-Z0-9]{3}[-. ]?[A-Z0-9]{4}\b/;
const FORM_WORDS =
  /\b(?:web ?form|online form|contact (?:us )?(?:page|form)|request form|privacy (?:portal|cent(?:er|re)|request|choices page)|(?:submit|enter|file|make|send) (?:a |your )?(?:request|ticket|question|inquiry|enquiry)|ticket|support form|data (?:privacy|subject) (?:queries|request)|request (?:page|portal))\b/i;
const URL = /https?:\/\/[^\s)>\]]+|\bwww\.[^\s)>\]]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|co|de|fr|uk|eu)\/[^\s)>\]]+/i;

export function extractDetails(a: Analysis): Details {
  return {
    children: childrenDetails(a),
    breach: breachDetails(a),
    contact: contactDetails(a),
    legalBases: legalBasesDetails(a),
    ccpa: ccpaDetails(a),
  };
}

/** Sentences inside any of `sections` (subsections included) plus the given evidence sentences. */
function topicSentences(a: Analysis, sections: Section[], evidence: Span[]): SentenceRef[] {
  const ranges = sections.map((s) => s.span);
  const starts = new Set(evidence.map((e) => e.start));
  return a.sentences.filter((s) => starts.has(s.span.start) || ranges.some((r) => s.span.start >= r.start && s.span.end <= r.end));
}

function sentenceEvidence(a: Analysis, topic: keyof Analysis['topics']): Span[] {
  return a.topics[topic].evidence.filter((e) => e.kind === 'sentence').map((e) => e.span);
}

function childrenDetails(a: Analysis): Details['children'] {
  const ages: AgeMention[] = [];
  for (const s of topicSentences(a, a.topicSections.children, sentenceEvidence(a, 'children'))) {
    const text = a.doc.plain.slice(s.span.start, s.span.end);
    if (!/\b(child|children|minor|minors|kids?|teen|teens|teenagers?|young|age|aged|old|parent|guardian|under|users?|you)\b/i.test(text)) continue;
    ages.push(...findAges(text, s.span.start));
  }
  // The threshold a policy "states" is its lowest: "18 to register; not directed to under-13s" → 13.
  const age = ages.length ? Math.min(...ages.map((x) => x.age)) : null;
  return { age, ages };
}

function breachDetails(a: Analysis): Details['breach'] {
  const ev = sentenceEvidence(a, 'breach');
  for (const span of ev) {
    // The timeframe often sits in the sentence after the commitment ("…notify you. We will do so within 72 hours.").
    const idx = a.sentences.findIndex((s) => s.span.start === span.start);
    const candidates = [a.sentences[idx], a.sentences[idx + 1]].filter((s): s is SentenceRef => !!s && s.block === a.sentences[idx]!.block);
    for (const s of candidates) {
      const text = a.doc.plain.slice(s.span.start, s.span.end);
      const m = DURATION.exec(text) ?? PROMPT.exec(text);
      if (m) return { timeframe: true, timeframeSpan: { start: s.span.start + m.index, end: s.span.start + m.index + m[0].length } };
    }
  }
  return { timeframe: false, timeframeSpan: null };
}

function contactDetails(a: Analysis): Details['contact'] {
  const channels: Channel[] = [];
  const from = a.doc.contentStart;
  const plain = a.doc.plain;
  EMAIL.lastIndex = from;
  for (let m = EMAIL.exec(plain); m; m = EMAIL.exec(plain)) {
    channels.push({ kind: 'email', value: m[0], span: { start: m.index, end: m.index + m[0].length } });
  }
  for (const s of a.sentences) {
    const text = plain.slice(s.span.start, s.span.end);
    const at = (m: RegExpExecArray | null, kind: Channel['kind']) => {
      if (m) channels.push({ kind, value: m[0], span: { start: s.span.start + m.index, end: s.span.start + m.index + m[0].length } });
    };
    if (/\d/.test(text)) {
      at(STREET.exec(text) ?? PO_BOX.exec(text) ?? EU_STREET.exec(text) ?? (UK_POSTCODE.test(text) && /\d{1,4}\s+\w/.test(text) ? UK_POSTCODE.exec(text) : null) ?? (SUITE.test(text) ? SUITE.exec(text) : null), 'postal');
      const phone = PHONE.exec(text);
      if (phone && phone[0].replace(/\D/g, '').length >= 7 && (PHONE_CONTEXT.test(text) || /^\+|^\(\d{3}\)|^1[-. ]?8/.test(phone[0])) && !/^\d{4}$/.test(phone[0])) {
        at(phone, 'phone');
      }
    }
    if (FORM_WORDS.test(text)) {
      const url = URL.exec(text);
      const formOnly = /contact (?:us )?(?:page|form)|web ?form|online form|request form/i.exec(text);
      if (url && !/help|faq/i.test(url[0])) at(url, 'form');
      else if (formOnly) at(formOnly, 'form');
    }
  }
  const has = (k: Channel['kind']) => channels.some((c) => c.kind === k);
  return { email: has('email'), postal: has('postal'), phone: has('phone'), form: has('form'), channels };
}

const BASIS_PATTERNS: Record<LegalBasis, RegExp> = {
  consent: /\bconsent\b/i,
  contract:
    /\b(?:perform(?:ance)? (?:of )?(?:a|the|our|your|any) (?:contract|agreement)|contract(?:ual)? (?:necessity|performance)|necessary (?:for|to) (?:the )?(?:perform|performance of|enter(?:ing)? into|fulfil)|(?:enter into|fulfil|perform) (?:a|the|our|your) (?:contract|agreement)|to provide (?:the |our )?(?:requested )?services? (?:you|that you) (?:have )?request|necessity to provide|Art(?:icle)?\.?\s*6\s*\(1\)\s*\(?b\)?)/i,
  'legal-obligation': /\b(?:legal (?:obligations?|requirements?)|comply with (?:the |applicable |our )?(?:laws?|legal)|required by (?:the )?law|compliance with (?:a |our )?legal|Art(?:icle)?\.?\s*6\s*\(1\)\s*\(?c\))/i,
  'vital-interests': /\bvital interests?\b/i,
  'public-task': /\bpublic (?:interest|task)\b|\bofficial authority\b/i,
  'legitimate-interests': /\blegitimate (?:business )?interests?\b/i,
};
const BASIS_CONTEXT = /\b(?:legal|lawful) (?:basis|bases|grounds?)|\bbasis\b|\bgrounds?\b|\brel(?:y|ies|ying) on\b|legitimate (?:business )?interest|Art(?:icle)?\.?\s*6\b/i;

function legalBasesDetails(a: Analysis): Details['legalBases'] {
  const evidence: Partial<Record<LegalBasis, Span>> = {};
  if (!a.topics['legal-bases'].present) return { named: [], evidence };
  const sections = a.topicSections['legal-bases'];
  const inSection = (s: SentenceRef) => sections.some((sec) => s.span.start >= sec.span.start && s.span.end <= sec.span.end);
  for (const s of a.sentences) {
    const text = a.doc.plain.slice(s.span.start, s.span.end);
    if (!inSection(s) && !BASIS_CONTEXT.test(text) && s.block.kind !== 'table-row') continue;
    if (s.block.kind === 'table-row' && !inSection(s) && !tableNearBasis(a, s)) continue;
    for (const b of LEGAL_BASES) {
      if (evidence[b]) continue;
      const m = BASIS_PATTERNS[b].exec(text);
      if (m) evidence[b] = { start: s.span.start + m.index, end: s.span.start + m.index + m[0].length };
    }
  }
  return { named: LEGAL_BASES.filter((b) => evidence[b]), evidence };
}

/** A purpose/basis table: some row of the same section names a lawful basis column. */
function tableNearBasis(a: Analysis, s: SentenceRef): boolean {
  const section = a.doc.sections[s.block.section]!;
  return /\b(?:legal|lawful) (?:basis|bases|grounds?)\b/i.test(a.doc.plain.slice(section.span.start, section.ownEnd));
}

const RIGHT_PATTERNS: Record<CcpaRight, RegExp> = {
  know: /\bright to know\b|\brequest to know\b|\bright (?:of|to) access\b|\baccess (?:to )?(?:the |your )?(?:personal )?(?:information|data)\b|\bspecific pieces\b|\bcategories of personal information (?:we|that we) (?:have )?collected\b|\bright to (?:request|obtain) (?:information|a copy|disclosure)/i,
  delete: /\bright to (?:request )?(?:delete|deletion|erasure)\b|\brequest (?:that we )?delet|\bdelet(?:e|ion of) (?:your |the )?(?:personal )?(?:information|data)\b|\bdeletion\b/i,
  correct: /\bright to (?:request )?correct|\bcorrect(?:ion of)? (?:inaccurate|your)|\brequest (?:that we )?correct|\brectif/i,
  'opt-out': /\bopt[- ]?out\b|\bdo not sell\b/i,
  'limit-sensitive': /\blimit (?:the )?(?:use|processing)(?: and disclosure)? of (?:your |my )?sensitive\b/i,
  'non-discrimination': /\bdiscriminat|\bretaliat/i,
};

function ccpaDetails(a: Analysis): Details['ccpa'] {
  const evidence: Partial<Record<CcpaRight, Span>> = {};
  if (!a.topics.ccpa.present) return { rights: [], evidence };
  let sections = a.topicSections.ccpa;
  if (!sections.length) {
    const ids = new Set(a.topics.ccpa.evidence.map((e) => e.section));
    sections = [...ids].map((i) => a.doc.sections[i]!);
  }
  const ranges = sections.map((s) => s.span);
  for (const s of a.sentences) {
    if (!ranges.some((r) => s.span.start >= r.start && s.span.end <= r.end)) continue;
    const text = a.doc.plain.slice(s.span.start, s.span.end);
    for (const r of CCPA_RIGHTS) {
      if (evidence[r]) continue;
      const m = RIGHT_PATTERNS[r].exec(text);
      if (m) evidence[r] = { start: s.span.start + m.index, end: s.span.start + m.index + m[0].length };
    }
  }
  return { rights: CCPA_RIGHTS.filter((r) => evidence[r]), evidence };
}

/** Headings of the section holding `offset`, innermost first (for rules that need context). */
export function headingsAt(a: Analysis, section: Section): string[] {
  return headingChain(a.doc, section).map((h) => h.text);
}
