// breach-notification (advisory): a firm commitment to notify affected people and authorities, with a
// timeframe that is no longer than the law allows (requirements.md §1.8, §3.3). No law reviewed makes
// this a required policy item, so a missing clause is information, not an error.

import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import { absentFinding, lineOf, makeFinding, messageFor } from '../context.js';

const FIRM = /\b(will|shall|we['’]ll|commit to|are committed to)\s+(promptly\s+|without undue delay\s+|immediately\s+)?(notify|inform|tell|contact|alert|let you know|provide (you )?(with )?notice)/i;
const DISCRETIONARY = /\b(may|might|could)\s+(notify|inform|tell|contact|alert)|where (appropriate|feasible)|at our (sole )?discretion|if we deem|attempt to notify|(try|endeavou?r) to notify/i;
const HOURS_PER: Record<string, number> = { hour: 1, day: 24, 'business day': 24, 'calendar day': 24, 'working day': 24, week: 168, month: 720 };

export function breachNotification(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  const topic = a.topics.breach;
  if (!topic.present) return [absentFinding(ctx, 'No commitment to notify people of a data breach')];
  const sentences = topic.evidence.filter((e) => e.kind === 'sentence');
  const texts = sentences.map((e) => a.doc.plain.slice(e.span.start, e.span.end));
  const anchor = (sentences[0] ?? topic.evidence[0]!).span;
  const line = lineOf(a, anchor.start);
  const out: Finding[] = [];
  if (texts.length && !texts.some((t) => FIRM.test(t)) && texts.some((t) => DISCRETIONARY.test(t))) {
    out.push(makeFinding(ctx, 'BREACH-DISCRETIONARY', messageFor(ctx, 'BREACH-DISCRETIONARY', 'The breach statement (line {line}) only says you may notify: commit to notifying affected people and authorities', { line }), anchor));
  }
  const tf = a.details.breach;
  if (!tf.timeframe) {
    out.push(makeFinding(ctx, 'BREACH-NO-TIMEFRAME', messageFor(ctx, 'BREACH-NO-TIMEFRAME', 'The breach statement (line {line}) gives no timeframe, e.g. "within 72 hours" or "without undue delay"', { line }), anchor));
  } else if (tf.timeframeSpan) {
    const stated = a.doc.plain.slice(tf.timeframeSpan.start, tf.timeframeSpan.end);
    const hours = toHours(stated);
    const eu = ctx.applicability.has('gdpr') || ctx.applicability.has('uk-gdpr');
    const limit = eu ? 72 : ctx.applicability.has('ccpa') ? 30 * 24 : null;
    if (hours !== null && limit !== null && hours > limit) {
      out.push(
        makeFinding(
          ctx,
          'BREACH-TIMEFRAME-EXCEEDS',
          messageFor(ctx, 'BREACH-TIMEFRAME-EXCEEDS', 'The breach timeframe "{stated}" is longer than the law allows ({limit})', { stated, limit: eu ? '72 hours for the authority' : '30 days in California' }),
          tf.timeframeSpan,
          { citations: eu ? [{ law: 'GDPR', ref: 'Art. 33(1)' }] : [{ law: 'Cal. Civ. Code', ref: '§1798.82' }] },
        ),
      );
    }
  }
  return out;
}

function toHours(s: string): number | null {
  const m = /(\d{1,3})\s*(?:\(\d+\)\s*)?(hour|business day|calendar day|working day|day|week|month)/i.exec(s);
  if (!m) return null;
  return Number(m[1]) * (HOURS_PER[m[2]!.toLowerCase()] ?? 24);
}
