// Extracts the details the headline checks need from the sentences detection already selected:
// children's age thresholds, a breach-notice timeframe, contact channels, named GDPR lawful bases
// and named CCPA rights. Patterns follow the reusable sub-elements of requirements.md (AGE, DURATION,
// PROMPT, EMAIL, PHONE, POSTAL, URL). Only candidate sentences are examined, never the whole text twice.

import type { Block, Section } from '../document/model.js';
import { headingChain } from '../document/model.js';
import type { CcpaRight, LegalBasis, Span } from '../types.js';
import { CCPA_RIGHTS, LEGAL_BASES } from '../types.js';
import type { Analysis, SentenceRef } from './detector.js';
import { sentenceStartingAt, sentencesInside } from './detector.js';
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

const DURATION_WORD = `(?:\\d{1,3}|${NUMBER_WORD}|seventy[- ]two|thirty|forty[- ]eight|forty[- ]five|forty|sixty|ninety|one|two|three|four|five|six|seven|eight|nine)`;
const DURATION = new RegExp(
  `\\b${DURATION_WORD}\\s*(?:\\(\\d+\\)\\s*)?(?:hours?|days?|business days?|calendar days?|working days?|weeks?|months?)\\b`,
  'i',
);
const PROMPT = /without (?:undue|unreasonable) delay|as soon as (?:reasonably )?(?:practicable|possible|feasible)|most expedient time|\bpromptly\b|\bimmediately\b/i;
/** A sentence that carries on a notification commitment ("We will do so within 72 hours."). */
const NOTICE_FOLLOW_UP = /\b(?:notif\w*|inform\w*|tell|alert|do so|within|no later than)\b/i;

/** Finds a breach-notice timeframe (DURATION or PROMPT) in `text`; exported for tests. */
export function findTimeframe(text: string): { index: number; length: number } | null {
  const m = DURATION.exec(text) ?? PROMPT.exec(text);
  return m ? { index: m.index, length: m[0].length } : null;
}

export const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b|\b\w+\s*(?:\[at\]|\(at\))\s*[\w-]+(?:\s*(?:\[dot\]|\(dot\))\s*\w+)+/g;
const STREET =
  /\b\d{1,5}[A-Za-z]?(?:[-–]\d{1,5})?,?\s+(?:[A-Z0-9][\w'.-]*\s+){0,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Parkway|Pkwy|Square|Sq|Highway|Hwy|Plaza|Terrace|Circle|Park|Quay|Row|Walk|Wharf|Yard|Center|Centre|Embankment)\b\.?/;
/** Street name first, number after (DE, NL, Nordic compounds; Romance "Via Roma 12"), or number then "rue". */
const EU_STREET =
  /\b[A-ZÄÖÜ][\wäöüß'-]*(?:straße|strasse|str\.|weg|gasse|platz|damm|allee|ring|laan|gracht|straat|vej|gatan|katu)\s+\d{1,4}\b|\b(?:[Rr]ue|[Vv]ia|[Cc]alle|[Aa]venida|[Rr]ua|[Pp]iazza|[Cc]arrer)\s+(?:(?:de|del|della|di|da|des|du|la|le|dos|das)\s+)?[A-ZÀ-Ý][\wÀ-ÿ'-]*(?:\s+[A-ZÀ-Ý][\wÀ-ÿ'-]*){0,3},?\s+\d{1,4}\b|\b\d{1,4},?\s+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Qq]uai|[Pp]lace|[Vv]ia|[Cc]alle|[Cc]hemin)\s+(?:(?:de|des|du|la|le|della|del)\s+)?[A-ZÀ-Ý]/;
const PO_BOX = /\bP\.?\s?O\.?\s?Box\s+\d+|\bPost(?:al)? Office Box\s+\d+|\bGPO Box\s+\d+|\bPostfach\s+\d+|\bBo[iî]te [Pp]ostale\s+\d+/i;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/;
/** A house number and a US state with its ZIP code: "100 Renaissance Center, Detroit, MI 48265". */
const US_STATE_ZIP =
  /\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)\s+\d{5}(?:-\d{4})?\b/;
const HOUSE_NUMBER = /(?:^|[\s,:])\d{1,6}[A-Z]?\s+[A-Z][a-z]/;
/** A house number and a Canadian province with its postal code: "900 Rue Sherbrooke, Montreal, QC H3A 1G3". */
const CA_PROVINCE_POSTCODE = /\b(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/;
const SUITE = /\b(?:Suite|Ste\.?|Floor|Unit)\s+\d+/i;
const PHONE_CONTEXT = /\b(?:phone|telephone|tel|call(?:ing)?|toll[- ]free|mobile|hotline|dial)\b/i;
const PHONE =
  /(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]{0,3}\d{2,4}(?:[\s.-]{1,3}\d{2,5}){1,3}\b|\(\d{3}\)\s?\d{3}\s?-?\s?[A-Z0-9]{4}\b|\b1[-. ]?8(?:00|33|44|55|66|77|88)[-. ]?[A-Z0-9]{3}[-. ]?[A-Z0-9]{4}\b/;
const DATE_LIKE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/;
/**
 * A regulator or other public body: its address or phone number, given for complaints, is not a way to
 * contact the company ("…the Department of Consumer Affairs by mail at 1625 North Market Blvd…").
 */
const REGULATOR =
  /\b(?:Department of|Division of|Ministry of|Trade Commission|FTC|Attorney General|Commissioner|Commission|supervisory authorit\w*|data protection authorit\w*|ICO|CNIL|OAIC|Ombudsman|regulator)\b/g;
const OURS = /\b(?:us|our|we)\b/i;
const FORM_WORDS =
  /\b(?:web ?form|online form|contact (?:us )?(?:page|form)|request form|(?:privacy|support|request) (?:portal|form)|privacy (?:cent(?:er|re)|request|choices page)|(?:submit|enter|file|make|send) (?:a |your |an |the )?(?:\w+ )?(?:requests?|tickets?|questions?|inquir(?:y|ies)|enquir(?:y|ies))|(?:support|help ?desk) tickets?|ticket form|open (?:an|a new) (?:issue|ticket)|data (?:privacy|subject) (?:queries|requests?)|request (?:page|portal))\b/i;
const URL = /https?:\/\/[^\s)>\]]+|\bwww\.[^\s)>\]]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|co|de|fr|uk|eu|app)\/[^\s)>\]]+/gi;
/** A link whose address is itself a form: a ticket, request or privacy-portal page. */
const FORM_URL = /(?:requests?\/new|\/issues(?:\/new)?\b|ticket|[/_-]forms?\b|webform|privacy-?(?:request|portal)|subject-?access|dsar|data-?request|privacyportal)/i;
const HELP_URL = /\bhelp\b|help\.|faq|knowledge/i;

export function extractDetails(a: Analysis): Details {
  return {
    children: childrenDetails(a),
    breach: breachDetails(a),
    contact: contactDetails(a),
    legalBases: legalBasesDetails(a),
    ccpa: ccpaDetails(a),
  };
}

/** Indexes of the sentences inside any of `sections` (subsections included) plus the given evidence sentences. */
function topicSentences(a: Analysis, sections: Section[], evidence: Span[]): number[] {
  return sentencesInside(
    a,
    sections.map((s) => s.span),
    evidence.map((e) => e.start),
  );
}

function sentenceEvidence(a: Analysis, topic: keyof Analysis['topics']): Span[] {
  return a.topics[topic].evidence.filter((e) => e.kind === 'sentence').map((e) => e.span);
}

const CHILD_WORDS = /\b(child|children|minor|minors|kids?|teen|teens|teenagers?|young|juniors?|age|aged|old|parent|guardian|under|users?|you|members?)\b/i;

function childrenDetails(a: Analysis): Details['children'] {
  const ages: AgeMention[] = [];
  for (const i of topicSentences(a, a.topicSections.children, sentenceEvidence(a, 'children'))) {
    const base = a.sentences[i]!.span.start;
    const found = a.memo.get('ages', a.texts[i]!, (text) => (CHILD_WORDS.test(text) ? findAges(text, 0) : []));
    for (const m of found) ages.push({ age: m.age, span: { start: base + m.span.start, end: base + m.span.end } });
  }
  // The threshold a policy "states" is its lowest: "18 to register; not directed to under-13s" → 13.
  const age = ages.length ? Math.min(...ages.map((x) => x.age)) : null;
  return { age, ages };
}

function breachDetails(a: Analysis): Details['breach'] {
  const ev = sentenceEvidence(a, 'breach');
  for (const span of ev) {
    // The timeframe often sits in the sentence after the commitment ("…notify you. We will do so within 72 hours.").
    const idx = sentenceStartingAt(a, span.start);
    if (idx < 0) continue;
    const here = a.sentences[idx]!;
    const next = a.sentences[idx + 1];
    const candidates = [idx];
    if (next && next.block.section === here.block.section && NOTICE_FOLLOW_UP.test(a.texts[idx + 1]!)) candidates.push(idx + 1);
    for (const i of candidates) {
      const m = findTimeframe(a.texts[i]!);
      const start = a.sentences[i]!.span.start;
      if (m) return { timeframe: true, timeframeSpan: { start: start + m.index, end: start + m.index + m.length } };
    }
  }
  return { timeframe: false, timeframeSpan: null };
}

/** True when a regulator is named before `at` in `text` with nothing in between that says "us"/"our". */
function regulatorOwns(text: string, at: number): boolean {
  REGULATOR.lastIndex = 0;
  let last = -1;
  for (let m = REGULATOR.exec(text); m && m.index < at; m = REGULATOR.exec(text)) last = m.index + m[0].length;
  return last >= 0 && !OURS.test(text.slice(last, at));
}

type FoundChannel = { kind: Channel['kind']; index: number; value: string };
/** Where a pattern matched inside one sentence. */
export interface Found {
  index: number;
  length: number;
}

/**
 * Contact channels in one sentence (offsets relative to `text`); exported for tests. Detection keeps the
 * result per sentence text in the analysis memo, which goes with the document (a module-wide cache
 * would keep closed documents' text alive).
 */
export function findChannels(text: string): FoundChannel[] {
  const out: FoundChannel[] = [];
  const add = (kind: Channel['kind'], m: { index: number; 0: string } | null) => {
    if (m && !regulatorOwns(text, m.index)) out.push({ kind, index: m.index, value: m[0] });
  };
  // Every EMAIL match holds "@", "[at]" or "(at)": most sentences skip the scan.
  if (text.includes('@') || text.includes('[at]') || text.includes('(at)')) {
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(text); m; m = EMAIL.exec(text)) add('email', m);
  }
  if (/\d/.test(text)) {
    add('postal', STREET.exec(text) ?? PO_BOX.exec(text) ?? EU_STREET.exec(text) ?? usStateZip(text) ?? ukPostcode(text) ?? SUITE.exec(text));
    add('phone', phoneIn(text));
  }
  if (FORM_WORDS.test(text) || FORM_URL.test(text)) {
    URL.lastIndex = 0;
    let found = false;
    for (let m = URL.exec(text); m; m = URL.exec(text)) {
      const strong = FORM_URL.test(m[0]);
      if (strong || (FORM_WORDS.test(text) && !HELP_URL.test(m[0]))) {
        add('form', m);
        found = true;
        break;
      }
    }
    if (!found) add('form', /contact (?:us )?(?:page|form)|web ?form|online form|request form|privacy (?:portal|request form)/i.exec(text));
  }
  return out;
}

function usStateZip(text: string): RegExpExecArray | null {
  const m = US_STATE_ZIP.exec(text) ?? CA_PROVINCE_POSTCODE.exec(text);
  return m && HOUSE_NUMBER.test(text.slice(0, m.index)) ? m : null;
}

function ukPostcode(text: string): RegExpExecArray | null {
  const m = UK_POSTCODE.exec(text);
  return m && /\d{1,4}\s+\w/.test(text) ? m : null;
}

function phoneIn(text: string): RegExpExecArray | null {
  const m = PHONE.exec(text);
  if (!m) return null;
  const v = m[0];
  // Vanity numbers count their letters: "(888) 858 - BLOX".
  if (v.replace(/[^0-9A-Z]/g, '').length < 7 || v.replace(/\D/g, '').length < 6) return null;
  if (DATE_LIKE.test(v.trim()) || /^\d{4}$/.test(v)) return null;
  if (!PHONE_CONTEXT.test(text) && !/^\+|^\(\d{3}\)|^1[-. ]?8/.test(v)) return null;
  return m;
}

function contactDetails(a: Analysis): Details['contact'] {
  const channels: Channel[] = [];
  for (let i = 0; i < a.sentences.length; i++) {
    const s = a.sentences[i]!;
    for (const c of a.memo.get('channels', a.texts[i]!, findChannels)) {
      channels.push({ kind: c.kind, value: c.value, span: { start: s.span.start + c.index, end: s.span.start + c.index + c.value.length } });
    }
  }
  const has = (k: Channel['kind']) => channels.some((c) => c.kind === k);
  return { email: has('email'), postal: has('postal'), phone: has('phone'), form: has('form'), channels };
}

const BASIS_PATTERNS: Record<LegalBasis, RegExp> = {
  consent: /\b(?:explicit |express |prior |your |their )?consent(?:ed|s)?\b/gi,
  contract:
    /\b(?:perform(?:ance)? (?:of )?(?:a|the|our|your|any) (?:contract|agreement)|contract(?:ual)? (?:necessity|performance|obligations?)|necessary (?:for|to) (?:the )?(?:perform|performance of|enter(?:ing)? into|fulfil)|(?:enter into|fulfil+|perform) (?:a|the|our|your) (?:contract|agreement)|to provide (?:the |our )?(?:requested )?services? (?:you|that you) (?:have )?request|necessity to provide|(?:need|necessary|required)\b[^.;]{0,40}\bto (?:provide|deliver|supply) (?:you )?(?:with )?(?:the |our )?(?:services?|products?)\b[^.;]{0,40}\brequest)/gi,
  'legal-obligation':
    /\b(?:legal (?:or regulatory )?(?:obligations?|requirements?)|comply with (?:the |applicable |our )?(?:laws?|legal)|required by (?:the )?law|compliance with (?:a |our )?legal)/gi,
  'vital-interests': /\bvital interests?\b/gi,
  // "Substantial public interest" is an Art. 9(2)(g) condition, not the Art. 6(1)(e) public task.
  'public-task': /(?<!substantial )\bpublic (?:interest|task)\b|\bofficial authority\b/gi,
  'legitimate-interests': /\blegitimate (?:business )?interests?\b/gi,
};
/** Words that make a sentence about lawful bases rather than about anything else. */
const BASIS_CONTEXT = /\b(?:legal|lawful) (?:basis|bases|grounds?)|\bbasis\b|\bgrounds?\b|\brel(?:y|ies|ying) on\b|legitimate (?:business )?interest|Art(?:icle)?\.?\s*6\b/i;
/** "You can withdraw your consent", "grounds other than consent": consent named, not relied on. */
const CONSENT_NOT_RELIED = /(?:withdraw(?:ing|al of)?|revok(?:e|ing)|revocation of|other than|without (?:your )?)\s*(?:your |their |such |the |this )?$/i;
/** "If we process your data with your consent, you can withdraw it": the withdrawal right, not reliance. */
const WITHDRAWAL_RIGHT = /^\s*(?:if|where|when)\b(?=[^.]*\bwithdraw)(?![^.]*\b(?:rel(?:y|ies|ying)|based|basis)\b)/i;
/** Describing the right to object names bases it does not rely on ("object to processing based on … public interest"). */
const RIGHT_TO_OBJECT = /\bright to object\b|\bobject(?:ion)?\b[^.]{0,80}\bprocessing\b/i;

/**
 * Art. 6(1) point letters, however cited: "Art. 6(1)(f) GDPR", "Article 6(1)(a)", "Art. 6 Abs. 1 lit. b",
 * "Article 6 sec. 1 sent. 1 lit. c".
 */
const ART6_POINT = /\bArt(?:icle|\.)?\s*6\s*(?:\(1\)|(?:para(?:graph)?\.?|sec(?:tion)?\.?|Abs\.?)\s*1)?\s*(?:(?:sent(?:ence)?\.?|S\.)\s*1\s*)?(?:\(([a-f])\)|lit\.?\s*([a-f])\b)/gi;
const ART6_LETTER: Record<string, LegalBasis> = { a: 'consent', b: 'contract', c: 'legal-obligation', d: 'vital-interests', e: 'public-task', f: 'legitimate-interests' };

/** Named lawful bases in one sentence (offsets relative to `text`); exported for tests. */
export function findBases(text: string): Partial<Record<LegalBasis, Found>> {
  const out: Partial<Record<LegalBasis, Found>> = {};
  if (RIGHT_TO_OBJECT.test(text)) return out;
  for (const b of LEGAL_BASES) {
    const re = BASIS_PATTERNS[b];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (b === 'consent' && (WITHDRAWAL_RIGHT.test(text) || CONSENT_NOT_RELIED.test(text.slice(Math.max(0, m.index - 30), m.index)))) continue;
      out[b] = { index: m.index, length: m[0].length };
      break;
    }
  }
  ART6_POINT.lastIndex = 0;
  for (let m = ART6_POINT.exec(text); m; m = ART6_POINT.exec(text)) {
    const b = ART6_LETTER[(m[1] ?? m[2])!.toLowerCase()]!;
    if (out[b] === undefined) out[b] = { index: m.index, length: m[0].length };
  }
  return out;
}

/**
 * Sentences that can name a basis: those of a legal-bases section, those of any paragraph that talks
 * about bases, and every item of a list (with its lead-in paragraph) one of whose items does — bases are
 * usually listed one per bullet ("We process your data where: • you consented; • …").
 */
function basisCandidates(a: Analysis): Set<SentenceRef> {
  const out = new Set<SentenceRef>();
  const sections = a.topicSections['legal-bases'];
  for (const i of sentencesInside(
    a,
    sections.map((sec) => sec.span),
  )) {
    out.add(a.sentences[i]!);
  }
  // Blocks in document order with their sentences' indexes.
  const byBlock = new Map<Block, number[]>();
  for (let i = 0; i < a.sentences.length; i++) {
    const b = a.sentences[i]!.block;
    let list = byBlock.get(b);
    if (!list) byBlock.set(b, (list = []));
    list.push(i);
  }
  const blocks = [...byBlock.keys()];
  const hasContext = (b: Block) => byBlock.get(b)!.some((i) => a.memo.get('basis-context', a.texts[i]!, (t) => BASIS_CONTEXT.test(t)));
  const take = (b: Block) => byBlock.get(b)!.forEach((i) => out.add(a.sentences[i]!));
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'list-item' || b.kind === 'table-row') {
      let j = i;
      while (j < blocks.length && blocks[j]!.kind === b.kind && blocks[j]!.section === b.section) j++;
      const lead = i > 0 && blocks[i - 1]!.kind === 'paragraph' && blocks[i - 1]!.section === b.section ? blocks[i - 1]! : null;
      const group = blocks.slice(i, j);
      if ((lead && hasContext(lead)) || group.some(hasContext)) {
        group.forEach(take);
        if (lead) take(lead);
      }
      i = j - 1;
    } else if (hasContext(b)) take(b);
  }
  return out;
}

function legalBasesDetails(a: Analysis): Details['legalBases'] {
  const evidence: Partial<Record<LegalBasis, Span>> = {};
  if (!a.topics['legal-bases'].present) return { named: [], evidence };
  const candidates = basisCandidates(a);
  for (let i = 0; i < a.sentences.length; i++) {
    const s = a.sentences[i]!;
    if (!candidates.has(s)) continue;
    const found = a.memo.get('bases', a.texts[i]!, findBases);
    for (const b of LEGAL_BASES) {
      const at = found[b];
      if (at === undefined || evidence[b]) continue;
      evidence[b] = { start: s.span.start + at.index, end: s.span.start + at.index + at.length };
    }
  }
  return { named: LEGAL_BASES.filter((b) => evidence[b]), evidence };
}

const RIGHT_PATTERNS: Record<CcpaRight, RegExp> = {
  know: /\bright to know\b|\brequests? to know\b|\brights? (?:of|to) (?:request )?access\b|(?<!unauthori[sz]ed )\baccess (?:to )?(?:the |your |any )?(?:personal )?(?:information|data)\b|\bspecific pieces\b|\bcategories of personal information (?:we|that we) (?:have )?collected\b|\bright to (?:request|obtain) (?:information|a copy|disclosure|that we disclose)|\brequest (?:that we )?disclose\b|\brequest access\b/i,
  delete: /\bright to (?:request )?(?:delete|deletion|erasure)\b|\brequest (?:that we )?delet|\bdelet(?:e|ion of) (?:your |the |any |all )?(?:personal )?(?:information|data)\b|\bdeletion\b|\bto delete\b/i,
  correct: /\bright to (?:request )?correct|\bcorrect(?:ion of)? (?:inaccura|your|the|any|it)|\brequest (?:that we )?correct|\brectif|\bcorrection\b/i,
  'opt-out': /\bopt(?:ing)?[- ]?out\b|\bdo not sell (?:or share )?my\b/i,
  'limit-sensitive': /\blimit (?:the )?(?:use|processing)(?: and disclosure)? of (?:your |my |their )?sensitive\b|\bright to limit\b/i,
  'non-discrimination': /\bdiscriminat|\bretaliat/i,
};
/** A heading of a California notice's own subsection about a CCPA right or how to use it. */
const CCPA_SUBSECTION = /\bright|\baccess|delet|correct|opt[- ]?out|do not sell|\bsales? of\b|discriminat|authori[sz]ed agent|verif|limit|sensitive|exercis|\bknow\b/i;

/** Named CCPA rights in one sentence; exported for tests. */
export function findCcpaRights(text: string): Partial<Record<CcpaRight, Found>> {
  const out: Partial<Record<CcpaRight, Found>> = {};
  for (const r of CCPA_RIGHTS) {
    const m = RIGHT_PATTERNS[r].exec(text);
    if (m) out[r] = { index: m.index, length: m[0].length };
  }
  return out;
}

function ccpaDetails(a: Analysis): Details['ccpa'] {
  const evidence: Partial<Record<CcpaRight, Span>> = {};
  if (!a.topics.ccpa.present) return { rights: [], evidence };
  const headed = a.topicSections.ccpa;
  let ranges: Span[];
  if (headed.length) {
    // A California notice often goes on in sibling sections ("Right to delete", "Non-discrimination").
    ranges = headed.map((sec) => ({ ...sec.span, end: extendOverRightSiblings(a, sec) }));
  } else {
    // No California heading: the notice is woven into the general sections, so its rights are the
    // ones the document's rights sections give, plus any named next to the CCPA sentences themselves.
    const ids = new Set(a.topics.ccpa.evidence.map((e) => e.section));
    ranges = [...[...ids].map((i) => a.doc.sections[i]!.span), ...a.topicSections.rights.map((s) => s.span)];
  }
  for (const i of sentencesInside(a, ranges)) {
    const s = a.sentences[i]!;
    const found = a.memo.get('ccpa-rights', a.texts[i]!, findCcpaRights);
    for (const r of CCPA_RIGHTS) {
      const at = found[r];
      if (at === undefined || evidence[r]) continue;
      evidence[r] = { start: s.span.start + at.index, end: s.span.start + at.index + at.length };
    }
  }
  return { rights: CCPA_RIGHTS.filter((r) => evidence[r]), evidence };
}

/** End of `sec` extended over following same-level sections whose headings are about CCPA rights. */
function extendOverRightSiblings(a: Analysis, sec: Section): number {
  let end = sec.span.end;
  for (let i = sec.index + 1; i < a.doc.sections.length; i++) {
    const next = a.doc.sections[i]!;
    if (next.span.start < end) continue;
    if (!next.heading || next.level !== sec.level || next.span.start !== end || !CCPA_SUBSECTION.test(next.heading.text)) break;
    end = next.span.end;
  }
  return end;
}

/** Headings of the section holding `offset`, innermost first (for rules that need context). */
export function headingsAt(a: Analysis, section: Section): string[] {
  return headingChain(a.doc, section).map((h) => h.text);
}
