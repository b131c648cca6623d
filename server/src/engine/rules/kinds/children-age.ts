// children-age: a statement about children or minors that states an age threshold; flags a missing
// age, thresholds that disagree without saying which jurisdiction each belongs to, and a US threshold
// below 13 (requirements.md §3.1).

import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import { absentFinding, appendToSection, lineOf, makeFinding, messageFor } from '../context.js';

/** Words that tie an age to a place ("16 in the EEA", "the age of consent in your country"). */
const JURISDICTION_QUALIFIER =
  /\b(EEA|EU|European|Europe|UK|United Kingdom|United States|U\.S\.|USA|US|California|Brazil|Korea|Canada|Quebec|Australia|country|countries|jurisdictions?|member states?|local law|where you (live|reside)|region|state law|resident)\b/i;

/**
 * A second tier rather than a second threshold: minors allowed in with a parent's consent or
 * involvement, an age band ("between 13 and 17", "juniors aged 14 and 15"), or the CCPA's opt-in age
 * for the sale or sharing of minors' data (Civ. Code §1798.120(c)).
 */
const TIER =
  /\b(?:with(?:out)?|only with|requires?|needs?|must (?:have|obtain|get))\s+(?:the\s+|their\s+|a\s+|your\s+)?(?:(?:verifi\w+|prior|express|verifiable)\s+)?(?:(?:consent|permission|approval|involvement|supervision|authori[sz]ation)\s+(?:of|from)\s+(?:a\s+|their\s+|your\s+|the\s+(?:child['’]s\s+)?)?(?:parents?|legal guardians?|guardians?)|(?:parental|parents?['’]?|guardians?['’]?)\s+(?:consent|permission|approval|involvement|supervision|authori[sz]ation))|\b(?:parents?|guardians?)\b[^.]{0,60}\b(?:must|has to|have to|need to|needs to)\s+(?:agree|consent|approve|sign|register|give|provide)|\bsupervised\b|\bjuniors?\b/i;
const RANGE = /\b(?:between|aged?|ages)\s+(?:the\s+ages?\s+of\s+)?\d{1,2}\s*(?:and|to|-|–)\s*\d{1,2}\b|\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}[- ]years?[- ]olds?\b/gi;
const SALE_OPT_IN = /\b(?:sell|sells|sold|sale|share|shares|sharing|opt[- ]in|affirmative(?:ly)? authori[sz])/i;
const MINIMUM = /^(?:at least|over|older than|aged?|minimum age|must be)\b|^\d{1,2}\s*(?:\+|or (?:older|over))/i;

const THRESHOLD =
  /\bnot (?:directed|intended|designed|meant|targeted|aimed|marketed|for|permitted|allowed|eligible)\b|\bknowingly\b|\bmay not (?:use|register|create|sign up|access|join)\b|\bmust not\b|\bshould not\b|\bcannot\b|\bprohibit\w*|\bno one under\b|\bdelet\w*|\bremov\w*|\beras\w*/i;

/** How an age is used: the children's threshold, a minimum age to use the service, or a tier. */
function ageRole(sentence: string, at: number, mention: string, age: number): 'child' | 'minimum' | 'tier' {
  RANGE.lastIndex = 0;
  for (let m = RANGE.exec(sentence); m; m = RANGE.exec(sentence)) if (at >= m.index && at < m.index + m[0].length) return 'tier';
  if (TIER.test(sentence) || (age === 16 && SALE_OPT_IN.test(sentence))) return 'tier';
  if (MINIMUM.test(mention.trim()) || (/^\d{1,2}\s*years? (?:old|of age)$/i.test(mention.trim()) && /\bmust be\b|\bat least\b|\bolder\b/i.test(sentence.slice(0, at)))) return 'minimum';
  // What parents may do for a minor ("a parent of a student under 18 may review the account") is a tier
  // unless the sentence also draws a line (not directed, not knowingly collected, deleted).
  if (!THRESHOLD.test(sentence) && /\b(?:parents?|guardians?)\b/i.test(sentence)) return 'tier';
  return 'child';
}

export function childrenAge(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  const topic = a.topics.children;
  if (!topic.present) {
    return [absentFinding(ctx, 'No statement about children: say the minimum age and that the service is not directed to children')];
  }
  const out: Finding[] = [];
  const first = topic.evidence[0]!;
  const { ages } = a.details.children;
  if (ages.length === 0) {
    const section = a.topicSections.children[0] ?? a.doc.sections[first.section]!;
    const clause = ctx.rule.clauses?.['CHILD-NO-AGE'];
    out.push(
      makeFinding(
        ctx,
        'CHILD-NO-AGE',
        messageFor(ctx, 'CHILD-NO-AGE', 'The children statement (line {line}) gives no age threshold: state the age, e.g. under 13 in the US or under 16 in the EEA', {
          line: lineOf(a, first.span.start),
        }),
        first.span,
        clause ? { fix: { ...appendToSection(ctx, section, clause), title: 'Add the age threshold to the children section' } } : {},
      ),
    );
    return out;
  }
  const distinct = [...new Set(ages.map((x) => x.age))];
  if (distinct.length > 1) {
    const sentenceOf = (offset: number) => a.sentences.find((s) => s.span.start <= offset && s.span.end >= offset);
    const roles = ages.map((x) => {
      const s = sentenceOf(x.span.start);
      const text = s ? a.doc.plain.slice(s.span.start, s.span.end) : '';
      const qualified = JURISDICTION_QUALIFIER.test(text);
      return { ...x, qualified, role: ageRole(text, s ? x.span.start - s.span.start : 0, a.doc.plain.slice(x.span.start, x.span.end), x.age) };
    });
    const plain = roles.filter((x) => !x.qualified && x.role !== 'tier');
    const child = new Set(plain.filter((x) => x.role === 'child').map((x) => x.age));
    const minimum = new Set(plain.filter((x) => x.role === 'minimum').map((x) => x.age));
    // Two "children are under N" thresholds, two minimum ages, or a minimum age that differs from the
    // children's threshold ("13 or older" yet "no data from anyone under 16"; "not for under-13s" yet
    // "16 to open an account": which one is the line?). An adult minimum is a different matter, legal
    // capacity ("18 to register; not directed to children under 13"), and tiers ("13 to 17 with a
    // parent's consent") are coherent.
    const differs = (m: number, c: number) => m < c || (m > c && m < 18);
    const clash = child.size > 1 || minimum.size > 1 || [...minimum].some((m) => [...child].some((c) => differs(m, c)));
    if (clash) {
      const shown = plain.length ? plain : ages;
      const list = [...new Set(shown.map((x) => x.age))].map((age) => `${age} (line ${lineOf(a, shown.find((x) => x.age === age)!.span.start)})`).join(', ');
      const second = shown.find((x) => x.age !== shown[0]!.age) ?? shown[0]!;
      out.push(
        makeFinding(
          ctx,
          'CHILD-AGE-INCONSISTENT',
          messageFor(ctx, 'CHILD-AGE-INCONSISTENT', 'The policy states different children ages ({ages}) without saying which jurisdiction each applies to', { ages: list }),
          second.span,
          { evidence: shown.map((x) => x.span) },
        ),
      );
    }
  }
  const usScope = ctx.applicability.has('coppa') || ctx.applicability.has('ccpa') || ctx.applicability.has('caloppa');
  const low = ages.find((x) => x.age < 13);
  if (usScope && low) {
    const s = a.sentences.find((x) => x.span.start <= low.span.start && x.span.end >= low.span.end);
    const text = s ? a.doc.plain.slice(s.span.start, s.span.end) : '';
    if (!/\b(Brazil|Brasil|LGPD|Korea)\b/i.test(text)) {
      out.push(
        makeFinding(ctx, 'CHILD-AGE-BELOW-13', messageFor(ctx, 'CHILD-AGE-BELOW-13', 'Children threshold {age} is below 13, the COPPA age for US users', { age: low.age }), low.span, {
          citations: [{ law: 'COPPA', ref: '15 U.S.C. §6501(1); 16 CFR §312.2' }],
        }),
      );
    }
  }
  return out;
}
