// children-age: a statement about children or minors that states an age threshold; flags a missing
// age, thresholds that disagree without saying which jurisdiction each belongs to, and a US threshold
// below 13 (requirements.md §3.1).

import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import { absentFinding, appendToSection, lineOf, makeFinding, messageFor } from '../context.js';

/** Words that tie an age to a place ("16 in the EEA", "the age of consent in your country"). */
const JURISDICTION_QUALIFIER =
  /\b(EEA|EU|European|Europe|UK|United Kingdom|United States|U\.S\.|USA|US|California|Brazil|Korea|Canada|Quebec|Australia|country|countries|jurisdictions?|member states?|local law|where you (live|reside)|region|state law|resident)\b/i;

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
    const unqualified = ages.filter((x) => {
      const s = sentenceOf(x.span.start);
      return !s || !JURISDICTION_QUALIFIER.test(a.doc.plain.slice(s.span.start, s.span.end));
    });
    if (new Set(unqualified.map((x) => x.age)).size > 1 || (unqualified.length && distinct.length > 1 && unqualified.length === ages.length)) {
      const list = distinct.map((age) => `${age} (line ${lineOf(a, ages.find((x) => x.age === age)!.span.start)})`).join(', ');
      const second = ages.find((x) => x.age !== ages[0]!.age)!;
      out.push(
        makeFinding(
          ctx,
          'CHILD-AGE-INCONSISTENT',
          messageFor(ctx, 'CHILD-AGE-INCONSISTENT', 'The policy states different children ages ({ages}) without saying which jurisdiction each applies to', { ages: list }),
          second.span,
          { evidence: ages.map((x) => x.span) },
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
