// retention-consistency: the same data kept for two different periods ("account data: 30 days after
// closure" here, "90 days after closure" there), or kept "indefinitely" in one place and for a fixed
// period in another. Readers cannot tell which promise holds (GDPR Art. 13(2)(a) asks for the period;
// CCPA §1798.100(a)(3) for the period per category). Only statements that compare like with like
// count: the same kind of data, measured from the same event, each giving one period without a
// legal or purpose-based exception that would explain the difference.

import type { Analysis } from '../../detect/detector.js';
import type { Finding, Span } from '../../types.js';
import type { RuleContext } from '../context.js';
import { makeFinding, messageFor } from '../context.js';
import { lineAt, negatedBefore, quote, sentenceTexts } from './consistency-text.js';

const NUMBER: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, eighteen: 18, twenty: 20, 'twenty-four': 24, 'twenty four': 24,
  thirty: 30, 'thirty-six': 36, 'thirty six': 36, forty: 40, 'forty-five': 45, 'forty five': 45, sixty: 60, ninety: 90,
};
const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, month: 30.44, year: 365.25 };
const DURATION =
  /\b(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty[- ]four|twenty|thirty[- ]six|thirty|forty[- ]five|forty|sixty|ninety)\s*(?:\(\d{1,4}\)\s*)?(?:full\s+|calendar\s+|business\s+|working\s+)?(day|week|month|year)s?\b/gi;
const DURATION_TEST = new RegExp(DURATION.source, 'i');
const INDEFINITE = /\bindefinite(?:ly)?\b|\bforever\b|\bpermanently\b|\bfor an unlimited (?:period|time)\b|\bwithout (?:any )?time limit\b|\bno (?:fixed |set )?(?:time limit|retention period|expiry)\b/i;
const RETENTION_VERB = /\b(?:retain(?:s|ed)?|retention|keep(?:s)?|kept|stor(?:e|es|ed)|hold(?:s)?|held|delet(?:e|es|ed)|eras(?:e|es|ed)|destroy(?:s|ed)?|purg(?:e|es|ed)|remov(?:e|es|ed)|anonymi[sz](?:e|es|ed))\b/i;
/** Not personal data any more, or not about how long data is kept. */
const OFF_TOPIC = /\b(?:anonymi[sz]ed|aggregated?|de-?identified|non-personal|pseudonymi[sz]ed)\b|\b(?:requests?|respond|response|reply|ask us)\b/i;
/** A period with an exception attached can legitimately differ from another. */
const FLEXIBLE = /\bunless\b|\bexcept\b|\bor longer\b|\blonger (?:period|if|where|when)\b|\b(?:where|if|as|when) (?:required|permitted|necessary)\b|\blegal hold\b|\b(?:required|permitted) by (?:law|applicable law)\b|\bdisputes?\b/i;
const UPPER = /\b(?:up to|within|no (?:longer|more) than|a maximum of|maximum|at most|not (?:to )?exceed(?:ing)?|or less)\s*$/i;
const LOWER = /\b(?:at least|a minimum of|minimum|no less than|not less than)\s*$/i;

/** Kinds of data a retention statement can be about; the first that matches names it. */
const CATEGORIES: Array<[string, RegExp]> = [
  ['account data', /\b(?:account|profile|registration) (?:data|information|details)\b/i],
  ['logs', /\b(?:server|access|usage|web|technical|security|system|activity|audit|IP|error|event|application|transaction)? ?logs?\b(?![- ]?(?:in|on|out)\b)|\blog (?:data|files|information)\b/i],
  ['payment and transaction records', /\b(?:payment|billing|transaction|purchase|invoice|financial|tax|accounting) (?:data|information|records?|details|history)\b|\border (?:data|information|records?|history)\b/i],
  ['backups', /\bback-?ups?\b/i],
  ['support messages', /\b(?:support|customer service|help ?desk) (?:requests?|tickets?|communications?|messages?|correspondence|records?|data)\b|\bchat (?:logs|transcripts)\b/i],
  ['marketing data', /\b(?:marketing|newsletter|mailing list|promotional)\b/i],
  ['recordings', /\b(?:call|voice|audio|video) recordings?\b|\bCCTV\b|\bcamera footage\b/i],
  ['job applications', /\bjob applica\w+|\bapplicants?\b|\bcandidates?\b|\bCVs?\b|\br[ée]sum[ée]s\b/i],
  ['location data', /\blocation (?:data|information|history)\b/i],
  ["children's data", /\bchild(?:ren)?['’]?s?\b|\bminors?\b/i],
  ['health data', /\b(?:health|medical|biometric)\b/i],
  ['analytics data', /\banalytics? (?:data|information)\b/i],
  ['content you post', /\b(?:content|posts|photos|uploads|messages|files) (?:you|that you) (?:post|upload|share|send|store)\b|\buser content\b/i],
];
const GENERIC = /\b(?:personal (?:data|information)|your (?:data|information)|information (?:about you|we (?:collect|hold))|data (?:about you|we (?:collect|hold)))\b/i;

/** The event a period is counted from, so "30 days after closure" is not compared with "2 years after last login". */
function triggerOf(text: string): string {
  if (/\b(?:clos(?:e|es|ed|ing|ure)|delet(?:e|es|ed|ing|ion)|terminat(?:e|es|ed|ing|ion)|cancel(?:s|led|ling|lation)?)\b[^.]{0,25}\baccount\b|\baccount\b[^.]{0,25}\b(?:closure|deletion|termination|cancellation|is (?:closed|deleted))\b/i.test(text)) return 'account closure';
  if (/\b(?:last|latest|most recent) (?:log-?in|sign-?in|activity|use|visit|interaction|contact|purchase|order)\b|\binactiv/i.test(text)) return 'last activity';
  if (/\b(?:end|completion|termination|expiry) of (?:the |our |your )?(?:contract|relationship|agreement|subscription|transaction|service)\b/i.test(text)) return 'end of the relationship';
  return 'collection';
}

export interface Statement {
  category: string;
  trigger: string;
  /** Days; Infinity for "indefinitely". */
  days: number;
  bound: 'exact' | 'upper' | 'lower';
  span: Span;
  phrase: string;
}

function statementOf(text: string, base: number): Statement | null {
  if (!RETENTION_VERB.test(text) || OFF_TOPIC.test(text) || FLEXIBLE.test(text)) return null;
  const found = CATEGORIES.filter(([, re]) => re.test(text));
  if (found.length > 1) return null;
  let category = found.length ? found[0]![0] : GENERIC.test(text) ? 'personal information' : null;
  // Audit logs and server logs are different records; cookie lifetimes are per cookie, not retention.
  if (category === 'logs') category = `${(/\b(server|access|usage|web|technical|security|system|activity|audit|IP|error|event|application|transaction) logs?\b/i.exec(text)?.[1] ?? '').toLowerCase()} logs`.trim();
  if (/\bcookies?\b/i.test(text)) return null;
  if (!category) return null;
  const durations = [...text.matchAll(DURATION)];
  const indefinite = INDEFINITE.exec(text);
  if (indefinite && !durations.length) {
    // "We may anonymise your data and use it indefinitely": what is kept is no longer personal data.
    if (negatedBefore(text, indefinite.index) || /\b(?:anonymi[sz]\w*|aggregat\w*|de-?identif\w*|pseudonymi[sz]\w*|statistic\w*)\b/i.test(text)) return null;
    return { category, trigger: 'collection', days: Infinity, bound: 'exact', span: { start: base + indefinite.index, end: base + indefinite.index + indefinite[0].length }, phrase: indefinite[0] };
  }
  if (durations.length !== 1 || indefinite) return null;
  const d = durations[0]!;
  const raw = d[1]!.toLowerCase().replace(/\s+/, ' ');
  const n = /^\d+$/.test(raw) ? Number(raw) : NUMBER[raw] ?? NUMBER[raw.replace(' ', '-')];
  if (!n) return null;
  const before = text.slice(0, d.index!);
  if (negatedBefore(text, d.index!)) return null;
  const bound = UPPER.test(before) ? 'upper' : LOWER.test(before) ? 'lower' : 'exact';
  // "deleted within 30 days" is an upper bound; "deleted after 30 days" is when the keeping ends.
  const finalBound = bound === 'exact' && /\bwithin\s*$/i.test(before) ? 'upper' : bound;
  return {
    category,
    trigger: triggerOf(text),
    days: n * UNIT_DAYS[d[2]!.toLowerCase()]!,
    bound: finalBound,
    span: { start: base + d.index!, end: base + d.index! + d[0].length },
    phrase: d[0],
  };
}

/**
 * For each kind of data and starting event, the first pair of statements that disagree (the earliest
 * statement that some later one contradicts, with the earliest such later one), in document order.
 * `disagree` reads only a statement's period and bound, so within a group the later statements are
 * looked up by those two: a long policy that repeats one statement a thousand times is not compared pair
 * by pair (that made a 12 MB lint several seconds slower than linear).
 */
export function firstConflicts(statements: Statement[]): Array<[number, number]> {
  const groups = new Map<string, number[]>();
  statements.forEach((s, i) => {
    const key = `${s.category}|${s.trigger}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const pairs: Array<[number, number]> = [];
  for (const group of groups.values()) {
    const bySignature = new Map<string, number[]>();
    for (const i of group) {
      const sig = `${statements[i]!.days}|${statements[i]!.bound}`;
      const list = bySignature.get(sig);
      if (list) list.push(i);
      else bySignature.set(sig, [i]);
    }
    const lists = [...bySignature.values()];
    for (const i of group) {
      let first = Infinity;
      for (const list of lists) {
        if (!disagree(statements[i]!, statements[list[0]!]!)) continue;
        const later = list.find((j) => j > i);
        if (later !== undefined && later < first) first = later;
      }
      if (first !== Infinity) {
        pairs.push([i, first]);
        break;
      }
    }
  }
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

function disagree(x: Statement, y: Statement): boolean {
  if (x.days === Infinity || y.days === Infinity) return (x.days === Infinity) !== (y.days === Infinity) && (x.bound !== 'lower' && y.bound !== 'lower');
  const same = Math.abs(x.days - y.days) <= Math.max(x.days, y.days) * 0.05;
  if (x.bound === 'exact' && y.bound === 'exact') return !same;
  const [e, o] = x.bound === 'exact' ? [x, y] : [y, x];
  if (e.bound === 'exact') return o.bound === 'upper' ? e.days > o.days * 1.05 : e.days < o.days * 0.95;
  if (x.bound !== y.bound) {
    const upper = x.bound === 'upper' ? x : y;
    const lower = x.bound === 'upper' ? y : x;
    return upper.days < lower.days * 0.95;
  }
  return false;
}

/**
 * The retention statements the check compares (exported for tests and corpus reviews). Every sentence
 * is a candidate, not only the retention section's: the second period is often in another section
 * ("Closing your account"), which is exactly why the two disagree.
 */
export function retentionStatements(a: Analysis): Statement[] {
  const statements: Statement[] = [];
  for (const s of sentenceTexts(a)) {
    if (!RETENTION_VERB.test(s.text) || !(DURATION_TEST.test(s.text) || INDEFINITE.test(s.text))) continue;
    const st = statementOf(s.text, s.ref.span.start);
    if (st) statements.push(st);
  }
  return statements;
}

export function retentionConflicts(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  const statements = retentionStatements(a);
  const out: Finding[] = [];
  for (const [i, j] of firstConflicts(statements)) {
    const x = statements[i]!;
    const y = statements[j]!;
    const indefinite = x.days === Infinity || y.days === Infinity;
    const code = indefinite ? 'RETENTION-INDEFINITE-CONFLICT' : 'RETENTION-CONFLICT';
    out.push(
      makeFinding(
        ctx,
        code,
        messageFor(ctx, code, 'Retention of {what} is stated two ways: "{first}" (line {firstLine}) and "{second}" (line {secondLine})', {
          what: x.category,
          first: quote(x.phrase),
          firstLine: lineAt(a, x.span.start),
          second: quote(y.phrase),
          secondLine: lineAt(a, y.span.start),
        }),
        y.span,
        { evidence: [x.span, y.span] },
      ),
    );
  }
  return out;
}
