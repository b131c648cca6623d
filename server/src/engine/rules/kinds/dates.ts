// Finds and parses the policy's "last updated" / "effective" date, for the CCPA 12-month update duty
// (Civ. Code §1798.130(a)(5)) and CalOPPA's effective date (B&P §22575(b)(4)).

import type { Analysis } from '../../detect/detector.js';
import type { Span } from '../../types.js';

const MONTHS: Record<string, number> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, apr: 3, april: 3, may: 4, jun: 5, june: 5, jul: 6, july: 6,
  aug: 7, august: 7, sep: 8, sept: 8, september: 8, oct: 9, october: 9, nov: 10, november: 10, dec: 11, december: 11,
};
const M = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const FORMS: Array<[RegExp, (m: RegExpExecArray) => Date | null]> = [
  [new RegExp(`\\b${M}\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`, 'i'), (m) => make(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!)],
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?${M}\\.?,? (\\d{4})\\b`, 'i'), (m) => make(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!)],
  [/\b(\d{4})-(\d{2})-(\d{2})\b/, (m) => make(+m[1]!, +m[2]! - 1, +m[3]!)],
  [/\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/, (m) => make(+m[3]!, +m[1]! - 1, +m[2]!)],
  [new RegExp(`\\b${M}\\.? (\\d{4})\\b`, 'i'), (m) => make(+m[2]!, MONTHS[m[1]!.toLowerCase()]!, 1)],
];

function make(y: number, mo: number, d: number): Date | null {
  if (!(y >= 1990 && y <= 2100 && mo >= 0 && mo <= 11 && d >= 1 && d <= 31)) return null;
  const date = new Date(Date.UTC(y, mo, d));
  return date.getUTCMonth() === mo ? date : null;
}

export function parseDate(text: string): { date: Date; index: number; length: number } | null {
  let best: { date: Date; index: number; length: number } | null = null;
  for (const [re, build] of FORMS) {
    const m = re.exec(text);
    if (!m) continue;
    const date = build(m);
    if (date && (!best || m.index < best.index)) best = { date, index: m.index, length: m[0].length };
  }
  return best;
}

/** The first effective / last-updated date the policy gives, with where it is. */
export function lastUpdated(a: Analysis): { date: Date; span: Span } | null {
  for (const ev of a.topics['effective-date'].evidence) {
    const text = a.doc.plain.slice(ev.span.start, ev.span.end);
    const p = parseDate(text);
    if (p) return { date: p.date, span: { start: ev.span.start + p.index, end: ev.span.start + p.index + p.length } };
  }
  return null;
}
