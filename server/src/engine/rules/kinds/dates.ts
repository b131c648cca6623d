// Finds and parses the policy's "last updated" / "effective" date, for the CCPA 12-month update duty
// (Civ. Code §1798.130(a)(5)) and CalOPPA's effective date (B&P §22575(b)(4)).

import type { Analysis } from '../../detect/detector.js';
import type { Span } from '../../types.js';

const MONTHS: Record<string, number> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, apr: 3, april: 3, may: 4, jun: 5, june: 5, jul: 6, july: 6,
  aug: 7, august: 7, sep: 8, sept: 8, september: 8, oct: 9, october: 9, nov: 10, november: 10, dec: 11, december: 11,
};
const M = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/**
 * Date forms, most specific first. Numeric dates: with slashes or dashes month-first as in the US, unless
 * the first number cannot be a month ("13/04/2024"); with dots day-first as in Europe ("15.01.2025").
 * Two-digit years are 20xx ("1/15/24").
 */
const FORMS: Array<[RegExp, (m: RegExpExecArray) => Date | null]> = [
  [new RegExp(`\\b${M}\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`, 'gi'), (m) => make(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!)],
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?: of)?[ -]${M}\\.?,?[ -](\\d{4})\\b`, 'gi'), (m) => make(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!)],
  [/\b(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\b/g, (m) => make(+m[1]!, +m[3]! - 1, +m[4]!)],
  [/\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.])/g, (m) => make(year(m[3]!), +m[2]! - 1, +m[1]!)],
  [/\b(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-])/g, (m) => (+m[1]! > 12 ? make(year(m[4]!), +m[3]! - 1, +m[1]!) : make(year(m[4]!), +m[1]! - 1, +m[3]!))],
  [new RegExp(`\\b${M}\\.?,? (\\d{4})\\b`, 'gi'), (m) => make(+m[2]!, MONTHS[m[1]!.toLowerCase()]!, 1)],
];

function year(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function make(y: number, mo: number, d: number): Date | null {
  if (!(y >= 1990 && y <= 2100 && mo >= 0 && mo <= 11 && d >= 1 && d <= 31)) return null;
  const date = new Date(Date.UTC(y, mo, d));
  return date.getUTCMonth() === mo ? date : null;
}

export interface FoundDate {
  /** null when the text has the shape of a date that does not exist ("February 30, 2024", "2024-13-01"). */
  date: Date | null;
  index: number;
  length: number;
}

/** Every date-shaped piece of `text`, in order, without overlaps (the more specific form wins). */
export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const [re, build] of FORMS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (out.some((o) => m!.index < o.index + o.length && end > o.index)) continue;
      out.push({ date: build(m), index: m.index, length: m[0].length });
    }
  }
  return out.sort((x, y) => x.index - y.index);
}

export function parseDate(text: string): { date: Date; index: number; length: number } | null {
  const found = findDates(text).find((d) => d.date !== null);
  return found ? { date: found.date!, index: found.index, length: found.length } : null;
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
