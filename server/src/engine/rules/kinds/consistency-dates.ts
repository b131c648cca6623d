// last-updated-date: the quality of the policy's "last updated" / "effective" date under every profile:
// missing (where no presence rule already says so), unreadable ("Last updated: Spring 2024",
// "February 30, 2024"), in the future, and, where the CCPA applies, older than 12 months
// (Civ. Code §1798.130(a)(5): the policy must be updated at least once every 12 months).
// Presence of the date under CalOPPA/CCPA stays with the effective-date and ccpa-notice rules.

import type { Analysis } from '../../detect/detector.js';
import type { Citation, Finding, Span } from '../../types.js';
import type { RuleContext } from '../context.js';
import { documentAnchor, makeFinding, messageFor } from '../context.js';
import { lineAt, quote } from './consistency-text.js';
import { findDates } from './dates.js';

export interface Stamp {
  date: Date | null;
  span: Span;
  /** "updated" for last updated / revised / modified, "effective" for effective / in force / as of. */
  label: 'updated' | 'effective';
}

const UPDATED_LABEL = /\b(?:last|latest)\s+(?:updated|modified|revised|amended|changed|reviewed|update|revision)\b|\b(?:updated|revised|modified|amended)\b/gi;
const EFFECTIVE_LABEL = /\beffective\b|\bin force\b|\bvalid from\b|\bas of\b|\bversion\b/gi;
const DAY = 24 * 3600 * 1000;

/** Every date given in the policy's effective-date statements, labelled by the word before it. */
export function policyDates(a: Analysis): Stamp[] {
  const out: Stamp[] = [];
  for (const ev of a.topics['effective-date'].evidence) {
    const text = a.doc.plain.slice(ev.span.start, ev.span.end);
    for (const d of findDates(text)) {
      const before = text.slice(Math.max(0, d.index - 60), d.index);
      const u = lastIndexOf(UPDATED_LABEL, before);
      const e = lastIndexOf(EFFECTIVE_LABEL, before);
      const span = { start: ev.span.start + d.index, end: ev.span.start + d.index + d.length };
      if (out.some((o) => o.span.start === span.start)) continue;
      out.push({ date: d.date, span, label: u > e ? 'updated' : 'effective' });
    }
  }
  return out;
}

function lastIndexOf(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let at = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) at = m.index;
  return at;
}

/**
 * A short line that labels a date and gives something that is not one: "Last updated: Spring 2024",
 * "Effective date: TBC 2025", "Last revised 2023". Bare "Updated" or "Effective" need a colon or dash.
 */
const LABEL_LINE =
  /^[ \t*_#>|]*(?:(?:(?:last|latest)\s+(?:updated|modified|revised|amended|changed|reviewed|update|revision)|effective\s+date|date\s+of\s+(?:last\s+)?(?:update|revision)|version\s+date|(?:updated|revised|modified)\s+on)\s*(?:on\b|as of\b|[:–—-])?|(?:updated|revised|modified|effective|version)\s*[:–—-])[ \t]*([^\n]{1,40}?)[ \t*_|.]*$/gim;
const PLACEHOLDER = /\[|\{\{|<<|\bTBD\b|\bTODO\b|\bX{2,}\b/i;

function unreadableLabels(a: Analysis): Array<{ span: Span; value: string }> {
  const out: Array<{ span: Span; value: string }> = [];
  const plain = a.doc.plain;
  LABEL_LINE.lastIndex = a.doc.contentStart;
  for (let m = LABEL_LINE.exec(plain); m; m = LABEL_LINE.exec(plain)) {
    const value = m[1]!.trim();
    if (!value || PLACEHOLDER.test(value) || findDates(value).some((d) => d.date)) continue;
    // A label followed by prose is a sentence ("Updated: we now explain …"), not a date stamp.
    if (!/\d|\b(?:spring|summer|autumn|fall|winter|recently|today|\w+uary|march|april|may|june|july|august|\w+ber)\b/i.test(value)) continue;
    const start = m.index + m[0].indexOf(m[1]!);
    out.push({ span: { start, end: start + m[1]!.length }, value });
  }
  return out;
}

/** The rule's citations of the laws that apply here: a GDPR-only notice is not told about CalOPPA. */
function citationsFor(ctx: RuleContext): Citation[] {
  const a = ctx.applicability;
  return ctx.rule.citations.filter((c) => (c.law === 'CCPA' ? a.has('ccpa') : c.law === 'CalOPPA' ? a.has('caloppa') : c.law === 'GDPR' ? a.has('gdpr') || a.has('uk-gdpr') : true));
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addMonths(d: Date, months: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));
}

export function lastUpdatedQuality(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  const out: Finding[] = [];
  const stamps = policyDates(a);
  const valid = stamps.filter((s): s is Stamp & { date: Date } => s.date !== null);

  for (const s of stamps.filter((x) => x.date === null)) {
    const value = quote(a.doc.plain.slice(s.span.start, s.span.end));
    out.push(makeFinding(ctx, 'DATE-UNPARSEABLE', messageFor(ctx, 'DATE-UNPARSEABLE', '"{value}" (line {line}) is not a real date', { value, line: lineAt(a, s.span.start) }), s.span, { citations: citationsFor(ctx) }));
  }
  if (!valid.length) {
    const labels = unreadableLabels(a);
    for (const l of labels.filter((x) => !stamps.some((st) => st.span.start < x.span.end && st.span.end > x.span.start))) {
      out.push(makeFinding(ctx, 'DATE-UNPARSEABLE', messageFor(ctx, 'DATE-UNPARSEABLE', '"{value}" (line {line}) is not a date readers can rely on', { value: quote(l.value), line: lineAt(a, l.span.start) }), l.span, { citations: citationsFor(ctx) }));
    }
    // Under CalOPPA and the CCPA the effective-date rule already reports a missing date; say it here
    // only for the other profiles, and not when the user has switched that rule off.
    const covered = ctx.applicability.has('caloppa') || ctx.applicability.has('ccpa') || ctx.config.rules['effective-date'] === 'off';
    if (!labels.length && !stamps.length && !covered) {
      out.push(makeFinding(ctx, 'DATE-MISSING', messageFor(ctx, 'DATE-MISSING', 'The policy gives no "last updated" date'), documentAnchor(a), { documentLevel: true, citations: citationsFor(ctx) }));
    }
    return out;
  }

  const today = ctx.today.getTime();
  const past = valid.filter((s) => s.date.getTime() <= today + DAY);
  const future = valid.filter((s) => s.date.getTime() > today + DAY && (s.label === 'updated' || past.length === 0));
  for (const s of future.slice(0, 1)) {
    out.push(
      makeFinding(
        ctx,
        'DATE-FUTURE',
        messageFor(ctx, 'DATE-FUTURE', 'The policy date {date} (line {line}) is in the future', { date: iso(s.date), line: lineAt(a, s.span.start), label: s.label === 'updated' ? 'last updated' : 'effective' }),
        s.span,
        { citations: citationsFor(ctx) },
      ),
    );
  }

  if (ctx.applicability.has('ccpa') && past.length) {
    const latest = past.reduce((x, y) => (y.date.getTime() > x.date.getTime() ? y : x));
    if (addMonths(latest.date, 12).getTime() < today) {
      const months = Math.floor((today - latest.date.getTime()) / (30.44 * DAY));
      out.push(
        makeFinding(
          ctx,
          'CCPA-STALE',
          messageFor(ctx, 'CCPA-STALE', 'The policy was last updated on {date} (line {line}), {months} months ago', { date: iso(latest.date), line: lineAt(a, latest.span.start), months }),
          latest.span,
          { citations: [{ law: 'CCPA', ref: '§1798.130(a)(5)' }] },
        ),
      );
    }
  }
  return out;
}
