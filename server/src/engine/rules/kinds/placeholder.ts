// unfilled-placeholder: template leftovers that must not reach a published policy, such as
// [COMPANY NAME], {{email}}, TODO or addresses at example.com (requirements.md PLACEHOLDER).

import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import { makeFinding, messageFor } from '../context.js';
import { lineMatches, type ScanPattern } from '../../document/line-scan.js';

// "[COMPANY NAME]", "[CONFIRM THIS.]", "[LIST THE CATEGORIES YOU COLLECT, e.g. identifiers]": an upper-case
// lead naming what to fill in, optionally followed by guidance.
const BRACKETED = /\[[A-Z][A-Z0-9 _./&'-]{1,60}(?:[,.:;!?][^\]\n]{0,200})?\]/g;
const BRACKET_WORDS = /\b(COMPANY|NAME|EMAIL|E-MAIL|ADDRESS|DATE|PHONE|ORGANI[SZ]ATION|WEBSITE|URL|DOMAIN|INSERT|YOUR|TBD|TODO|CITY|COUNTRY|STATE|ZIP|POSTCODE|POSTAL|DPO|REPRESENTATIVE|NUMBER|ENTITY|PRODUCT|SERVICE|APP|JURISDICTION|DAYS|PERIOD|LINK|LIST|DESCRIBE|CONFIRM|DETAILS|CATEGORIES|SOURCES|PURPOSES)\b/;
const LOWER_BRACKETED = /\[(?:company|name|email|e-mail|address|date|phone|organi[sz]ation|website|insert|your)[^\]\n]{0,40}\]/gi;
const MUSTACHE = /\{\{[^{}\n]{1,60}\}\}|\$\{[A-Za-z_][\w.]{0,40}\}|<<[A-Za-z_ ]{2,40}>>/g;
const MARKERS = /\b(?:TODO|TBD|FIXME|XXX+)\b|\blorem ipsum\b/g;
const EXAMPLE_DOMAINS = /\b[\w.+-]*@?(?:[\w-]+\.)*example\.(?:com|org|net)\b|\byour[- ]?(?:company|domain)(?:\.[a-z]{2,})+\b/gi;

// None of these can match a line feed: each line is scanned once and remembered by its text (line-scan.ts).
// EXAMPLE_DOMAINS backtracks over every word ([\w.+-]*), the costliest pattern of a cold lint: lines
// without "example." or "your company."/"yourdomain." cannot match it and are not scanned ("your" alone
// is on most lines of a policy).
const PATTERNS: ScanPattern[] = [BRACKETED, LOWER_BRACKETED, MUSTACHE, MARKERS, { re: EXAMPLE_DOMAINS, guard: /example\.|your[- ]?(?:company|domain)\./i }];
const KEEP: Array<(value: string) => boolean> = [(v) => BRACKET_WORDS.test(v.slice(1).split(/[,.:;!?]/)[0]!), () => true, () => true, () => true, () => true];

export function unfilledPlaceholder(ctx: RuleContext): Finding[] {
  const doc = ctx.analysis.doc;
  const found = new Map<number, { end: number; value: string }>();
  // Earlier patterns win where matches overlap, as when each pattern scanned the whole text in turn.
  lineMatches(ctx.analysis.memo, 'placeholder', doc.plain, doc.contentStart, PATTERNS).forEach((matches, k) => {
    for (const [index, value] of matches) {
      if (!KEEP[k]!(value)) continue;
      const overlaps = [...found.entries()].some(([s, v]) => index < v.end && index + value.length > s);
      if (!overlaps) found.set(index, { end: index + value.length, value });
    }
  });
  return [...found.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([start, v]) =>
      makeFinding(ctx, 'PLACEHOLDER', messageFor(ctx, 'PLACEHOLDER', 'Unfilled placeholder "{value}": replace it with the real value before publishing', { value: v.value }), {
        start,
        end: v.end,
      }),
    );
}
