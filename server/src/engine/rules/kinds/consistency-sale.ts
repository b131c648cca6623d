// sale-share-contradiction: the policy says "we do not sell (or share) personal information", yet
// another passage describes selling it, or sharing it for cross-context behavioural advertising
// (retargeting, interest-based ads, ad pixels, advertising partners' cookies). Under the CCPA that
// passage is a "sale" (§1798.140(ad)) or "sharing" (§1798.140(ah)) that consumers may opt out of
// (§1798.120); a denial the policy itself contradicts can be deceptive (FTC Act §5).
// A denial that carries its own qualification ("except as described below", "for money", "of
// consumers under 16", "without your consent") is not contradicted by a later admission.

import { mayMatch, registerPattern, type Found } from '../../catalogue/gate.js';
import type { Analysis } from '../../detect/detector.js';
import type { Finding, Span } from '../../types.js';
import type { RuleContext } from '../context.js';
import { makeFinding, messageFor } from '../context.js';
import { clauseBefore, lineAt, negatedBefore, quote, sentenceTexts, type SentenceText } from './consistency-text.js';

const NEG = String.raw`(?:do(?:es)?\s+not|don[’']t|doesn[’']t|did\s+not|didn[’']t|will\s+not|won[’']t|shall\s+not|will\s+never|have\s+never|never|have\s+not|haven[’']t|has\s+not|hasn[’']t)`;
const VERB = String.raw`[“"‘']?(?:sell|sold|rent|rented|share|shared|trade|traded|lease|exchange)[”"’']?`;
/** "we do not sell", "we do not and will not sell or share", "X does not “sell” …", "we never rent, sell or share". */
const DENIAL = new RegExp(
  String.raw`\b${NEG}(?:\s+(?:and|or)\s+(?:will|do|shall|have)\s+(?:not|never))?(?:\s+(?:currently|knowingly|ever|otherwise|directly|and\s+will\s+not))*\s+((?:${VERB}(?:\s*,\s*|\s+(?:and\/or|and|or)\s+|\s*\/\s*|,?\s+or\s+otherwise\s+)?)+)`,
  'gi',
);
/** What the denial is about: personal information, not products. */
const OBJECT = /^[^.;]{0,80}?\b(?:personal (?:information|data)|your (?:personal )?(?:information|data|details|info)|(?:user|customer|consumer|member|subscriber)s?['’]? (?:personal )?(?:data|information)|(?:data|information) (?:about|of) (?:you|our (?:users|customers))|any (?:of your )?(?:personal )?(?:data|information)|\bPII\b|\bPI\b)/i;
/** A denial qualified in its own sentence is not a flat promise. */
const QUALIFIED =
  /\b(?:except|excepting|other than|unless|apart from|aside from|save for|as (?:described|explained|set out|detailed|noted|outlined|disclosed|stated)|in the (?:traditional|ordinary|conventional|common|usual|colloquial) (?:sense|meaning|way)|(?:for|in exchange for) (?:money|monetary|cash|payment)|monetary consideration|may (?:be (?:considered|deemed|treated|interpreted|viewed)|constitute|qualify)|without (?:your|first|prior|express|explicit|obtaining)|(?:consumers|children|minors|users|individuals|anyone|those|persons|people) (?:under|younger|below)|under (?:the age of )?1[3-8]\b|sensitive (?:personal )?(?:information|data)|(?:health|biometric|financial|precise geolocation) (?:information|data)|(?:their|its|third parties['’]?) (?:own )?(?:direct )?marketing|direct marketing purposes)\b/i;
/** Someone other than the business is the subject of the denial ("our vendors do not sell …"). */
const OTHER_SUBJECT = /\b(?:you|they|service providers?|vendors?|partners?|processors?|contractors?|third[- ]part(?:y|ies)|advertisers?|recipients?|companies|users?)\s*(?:(?:may|must|shall|will|can|are required to|agree to)\s*)?$/i;
const SHARE_CONTEXT = /cross[- ]context|behaviou?ral advertising|targeted advertising|interest[- ]based|for (?:targeted |behaviou?ral )?advertising/i;

/** The business selling personal information, said affirmatively. */
const SELL_AFFIRM = [
  /\b(?:we|us)\s+(?:(?:may|might|can|could|will|also|do|sometimes|occasionally|then)\s+)*(?:sell|rent|trade)s?\b(?=[^.;]{0,80}\b(?:personal|information|data|details|identifiers|lists?)\b)(?![^.;]{0,60}\b(?:aggregated?|de-?identified|anonymi[sz]ed|non-personal)\b)/i,
  /\b(?:we|us)\s+(?:have|has)\s+(?:previously\s+)?sold\b/i,
  /\b(?:may|might|could|would|will|can|is|are)\s+(?:also\s+)?(?:be\s+)?(?:considered|deemed|treated as|interpreted as|viewed as|constitutes?|qualify as|count as)\s+(?:an?\s+|the\s+)?[“"‘']?(?:sale|sales|selling|sell)\b/i,
];
/** Ad tech used for cross-context behavioural advertising, named. */
const NAMED_ADTECH =
  /\b(?:(?:Meta|Facebook|TikTok|Pinterest|Snap(?:chat)?|LinkedIn|Twitter|Reddit|Microsoft|Bing|Quora)\s+(?:Pixel|Insight Tag|Conversions? API|Audience Network|Custom Audiences)|Google\s+(?:Ads|AdSense|Ad Manager|Marketing Platform|Display Network)|DoubleClick|AdRoll|Criteo|The Trade Desk|Taboola|Outbrain|Quantcast|Xandr|Custom Audiences|Lookalike Audiences)\b/i;
/** The practice itself, or the partners and cookies that do it. */
const PRACTICE =
  /\b(?:re-?target(?:s|ing|ed)?|re-?marketing|interest[- ]based (?:advertising|ads|advertisements)|(?:online |cross[- ]context )?behaviou?ral(?:ly)? (?:advertising|targeting|targeted|ads)|targeted (?:advertising|ads|advertisements)|personali[sz]ed (?:advertising|ads|advertisements)|(?:advertising|targeting) cookies|ad(?:vertising)? (?:partners?|networks?)|third[- ]party (?:advertising|ad) (?:cookies|partners?|networks?|companies|providers))\b/gi;
/** A sentence about the business or its partners, not about the reader's rights or a definition. */
const FIRST_PARTY = /\b(?:we|us|our)\b/i;
/** Someone else's practice ("these services use behavioral targeting as part of their business"). */
const THIRD_PARTY_DOES = /\b(?:these|those|such|other|third[- ]party|social (?:media|networking)) (?:services|sites|websites|platforms|companies|networks|apps)\s+(?:may\s+|also\s+)?(?:use|engage in|conduct|employ|rely on)\b[^.;]*$/i;
/** The partners are a source ("partners who may provide us with contact data"), not recipients. */
const TO_US = /\b(?:provid\w*|send\w*|giv\w*|pass\w*)\s+(?:it\s+|them\s+)?(?:to\s+)?us\b|\b(?:receive|obtain|get|collect)\w*\b[^.;]{0,60}\bfrom\s*$/i;
const NOT_A_PRACTICE = /\bright(?:s)? to\b|\bmeans\b|\bdefined\b|\bdefinition\b|\b(?:if|whether|should|in the event(?: that)?)\s+we\b|\bwe do not (?:use|engage|allow|permit|participate)/i;

export interface Denial {
  span: Span;
  sell: boolean;
  share: boolean;
}

export interface Admission {
  span: Span;
  what: string;
}

function denialsIn(s: SentenceText): Denial[] {
  const out: Denial[] = [];
  if (QUALIFIED.test(s.text)) return out;
  DENIAL.lastIndex = 0;
  for (let m = DENIAL.exec(s.text); m; m = DENIAL.exec(s.text)) {
    const verbs = m[1]!.toLowerCase();
    const after = s.text.slice(m.index + m[0].length);
    // "Do Not Sell or Share My Personal Information" names the opt-out link; it is not a promise.
    if (!OBJECT.test(after) || /^\s*[“"‘']?\s*my\b/i.test(after)) continue;
    if (OTHER_SUBJECT.test(s.text.slice(Math.max(0, m.index - 60), m.index))) continue;
    const sell = /sell|sold|rent|trade|lease|exchange/.test(verbs);
    const share = /shar/.test(verbs) && (sell || SHARE_CONTEXT.test(after));
    if (sell || share) out.push({ span: { start: s.ref.span.start + m.index, end: s.ref.span.start + m.index + m[0].length }, sell, share });
  }
  return out;
}

// Gated like the catalogue's patterns (gate.ts): most sentences hold none of their words, and then
// none of them is run. Registered at load, before any sentence is scanned.
for (const re of [DENIAL, ...SELL_AFFIRM, NAMED_ADTECH, PRACTICE]) registerPattern(re, re.source);

function sellAdmission(s: SentenceText): Admission | null {
  for (const re of SELL_AFFIRM) {
    if (!mayMatch(re, s.found)) continue;
    const m = re.exec(s.text);
    if (!m || negatedBefore(s.text, m.index) || /\b(?:if|whether|should|in the event)\b/i.test(s.text.slice(0, m.index))) continue;
    return { span: { start: s.ref.span.start + m.index, end: s.ref.span.start + m.index + m[0].length }, what: quote(m[0]) };
  }
  return null;
}

function shareAdmission(s: SentenceText): Admission | null {
  const named = mayMatch(NAMED_ADTECH, s.found) ? NAMED_ADTECH.exec(s.text) : null;
  if (named && !negatedBefore(s.text, named.index)) {
    return { span: { start: s.ref.span.start + named.index, end: s.ref.span.start + named.index + named[0].length }, what: named[0] };
  }
  if (!mayMatch(PRACTICE, s.found) || !FIRST_PARTY.test(s.text) || NOT_A_PRACTICE.test(s.text)) return null;
  PRACTICE.lastIndex = 0;
  for (let m = PRACTICE.exec(s.text); m; m = PRACTICE.exec(s.text)) {
    const before = clauseBefore(s.text, m.index);
    if (negatedBefore(s.text, m.index) || THIRD_PARTY_DOES.test(before) || TO_US.test(before)) continue;
    return { span: { start: s.ref.span.start + m.index, end: s.ref.span.start + m.index + m[0].length }, what: m[0] };
  }
  return null;
}

/** The denials and the admissions the check compares (exported for tests and corpus reviews). */
export function saleStatements(a: Analysis): { denials: Denial[]; sells: Admission[]; shares: Admission[] } {
  const sentences = sentenceTexts(a);
  const denials: Denial[] = [];
  const found: Array<{ at: number; facts: SaleFacts }> = [];
  for (const s of sentences) {
    // What a sentence says depends on its text alone: remembered by text, so a keystroke re-reads one.
    const facts = a.memo.get('sale-facts', s.text, (text) => saleFactsOf(text, s.found));
    const at = s.ref.span.start;
    for (const d of facts.denials) denials.push({ ...d, span: shift(d.span, at) });
    if (facts.sell || facts.share) found.push({ at, facts });
  }
  const sells: Admission[] = [];
  const shares: Admission[] = [];
  const inDenial = (span: Span) => denials.some((d) => span.start < d.span.end && span.end > d.span.start);
  for (const { at, facts } of found) {
    const sell = facts.sell && { ...facts.sell, span: shift(facts.sell.span, at) };
    if (sell && !inDenial(sell.span)) sells.push(sell);
    const share = facts.share && { ...facts.share, span: shift(facts.share.span, at) };
    if (share && !inDenial(share.span)) shares.push(share);
  }
  return { denials, sells, shares };
}

/** A sentence's denials and admissions, with spans relative to the sentence's start. */
interface SaleFacts {
  denials: Denial[];
  sell: Admission | null;
  share: Admission | null;
}

/** `found`: the literals of this same text (gate.ts), a function of the text like the result. */
function saleFactsOf(text: string, found: Found): SaleFacts {
  const s = { ref: { span: { start: 0, end: text.length } } as SentenceText['ref'], text, found };
  return { denials: mayMatch(DENIAL, found) ? denialsIn(s) : [], sell: sellAdmission(s), share: shareAdmission(s) };
}

function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

export function saleShareContradiction(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  const { denials, sells, shares } = saleStatements(a);
  if (!denials.length) return [];
  const out: Finding[] = [];
  const sellDenial = denials.find((d) => d.sell);
  if (sellDenial && sells.length) {
    const first = sells[0]!;
    out.push(
      makeFinding(
        ctx,
        'CCPA-SELL-CONTRADICTION',
        messageFor(ctx, 'CCPA-SELL-CONTRADICTION', 'The policy says it does not sell personal information (line {line}), but line {other} says otherwise ("{what}")', {
          line: lineAt(a, sellDenial.span.start),
          other: lineAt(a, first.span.start),
          what: first.what,
        }),
        sellDenial.span,
        { evidence: sells.slice(0, 5).map((x) => x.span), citations: [{ law: 'CCPA', ref: '§1798.120' }, { law: 'CCPA', ref: '§1798.140(ad)' }, { law: 'FTC Act', ref: '§5, 15 U.S.C. §45(a)' }] },
      ),
    );
  }
  const shareDenial = denials.find((d) => d.share);
  if (shareDenial && shares.length) {
    const first = shares[0]!;
    out.push(
      makeFinding(
        ctx,
        'CCPA-SHARE-CONTRADICTION',
        messageFor(
          ctx,
          'CCPA-SHARE-CONTRADICTION',
          'The policy says it does not share personal information (line {line}), but line {other} describes cross-context behavioural advertising ("{what}")',
          { line: lineAt(a, shareDenial.span.start), other: lineAt(a, first.span.start), what: first.what },
        ),
        shareDenial.span,
        { evidence: shares.slice(0, 5).map((x) => x.span), citations: [{ law: 'CCPA', ref: '§1798.120' }, { law: 'CCPA', ref: '§1798.140(ah)' }, { law: 'FTC Act', ref: '§5, 15 U.S.C. §45(a)' }] },
      ),
    );
  }
  return out;
}
