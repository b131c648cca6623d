// legal-bases (GDPR/UK GDPR): the lawful bases of Art. 6(1) are named and each purpose is tied to one
// (Art. 13(1)(c)); a list of bases with no purpose pairing is deficient (requirements.md §3.5; the Irish
// DPC's WhatsApp decision turned on exactly this granularity).

import type { Finding, LegalBasis } from '../../types.js';
import type { RuleContext } from '../context.js';
import { absentFinding, lineOf, makeFinding, messageFor, sentencesIn } from '../context.js';

const BASIS_TERM =
  /\bconsent\b|\bcontract\b|\bagreement\b|legal (obligation|requirement)|comply with|required by law|vital interest|public (interest|task)|official authority|legitimate (business )?interest|Art(icle)?\.?\s*6\s*\(1\)/i;
const PURPOSE =
  /\b(to|for) (provide|operate|deliver|improve|send|process|comply|prevent|protect|market|personali[sz]e|analy[sz]e|respond|manage|detect|secure|fulfil|perform|verify|administer|communicate|maintain|develop|enforce|defend|establish|carry out|create|show|measure|understand)\b|\bfor (marketing|analytics|advertising|security|fraud|the purposes? of|research|billing|payments?|customer support)\b|\bpurpose/i;
const WITHDRAW = /\b(withdraw|revoke|change your mind|opt[- ]out)\b/i;

export function legalBases(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  if (!a.topics['legal-bases'].present) {
    return [absentFinding(ctx, 'No lawful basis for processing: say which GDPR Art. 6(1) basis each purpose relies on')];
  }
  const named = a.details.legalBases.named;
  const ev = a.topics['legal-bases'].evidence[0]!;
  const line = lineOf(a, ev.span.start);
  const out: Finding[] = [];
  const context = contextSentences(ctx);
  const mapped = context.filter((s) => {
    const t = a.doc.plain.slice(s.span.start, s.span.end);
    return BASIS_TERM.test(t) && PURPOSE.test(t);
  });
  // Per-basis subsections ("Consent", "Legitimate interests") that list purposes also tie them together.
  const perBasisSections = a.doc.sections.filter((s) => s.heading && BASIS_TERM.test(s.heading.text) && s.blocks.length > 0);
  if (named.length > 0 && mapped.length === 0 && perBasisSections.length < 2) {
    out.push(
      makeFinding(
        ctx,
        'LB-UNMAPPED',
        messageFor(ctx, 'LB-UNMAPPED', 'Lawful bases are listed (line {line}) without saying which purpose relies on which', { line }),
        ev.span,
        { citations: [{ law: 'GDPR', ref: 'Art. 13(1)(c)' }] },
      ),
    );
  }
  if (named.includes('consent' as LegalBasis) && !a.sentences.some((s) => /\bconsent\b/i.test(a.doc.plain.slice(s.span.start, s.span.end)) && WITHDRAW.test(a.doc.plain.slice(s.span.start, s.span.end)))) {
    const span = a.details.legalBases.evidence.consent ?? ev.span;
    out.push(
      makeFinding(ctx, 'LB-CONSENT-NO-WITHDRAWAL', messageFor(ctx, 'LB-CONSENT-NO-WITHDRAWAL', 'Consent is relied on, but the policy never says consent can be withdrawn at any time'), span, {
        citations: [{ law: 'GDPR', ref: 'Art. 13(2)(c), Art. 7(3)' }],
        severity: ctx.configured ?? 'warning',
      }),
    );
  }
  return out;
}

/** Sentences in legal-basis sections plus legal-basis evidence sentences and table rows near them. */
function contextSentences(ctx: RuleContext) {
  const a = ctx.analysis;
  const starts = new Set(a.topics['legal-bases'].evidence.map((e) => e.span.start));
  const inSections = sentencesIn(a, a.topicSections['legal-bases']);
  const evidenceBlocks = new Set(a.sentences.filter((s) => starts.has(s.span.start)).map((s) => s.block.section));
  const rows = a.sentences.filter((s) => s.block.kind !== 'paragraph' && evidenceBlocks.has(s.block.section));
  return [...new Set([...inSections, ...rows, ...a.sentences.filter((s) => starts.has(s.span.start))])];
}
