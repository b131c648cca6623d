// unfilled-placeholder: template leftovers that must not reach a published policy, such as
// [COMPANY NAME], {{email}}, TODO or addresses at example.com (requirements.md PLACEHOLDER).

import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import { makeFinding, messageFor } from '../context.js';

// "[COMPANY NAME]", "[CONFIRM THIS.]", "[LIST THE CATEGORIES YOU COLLECT, e.g. identifiers]": an upper-case
// lead naming what to fill in, optionally followed by guidance.
const BRACKETED = /\[[A-Z][A-Z0-9 _./&'-]{1,60}(?:[,.:;!?][^\]\n]{0,200})?\]/g;
const BRACKET_WORDS = /\b(COMPANY|NAME|EMAIL|E-MAIL|ADDRESS|DATE|PHONE|ORGANI[SZ]ATION|WEBSITE|URL|DOMAIN|INSERT|YOUR|TBD|TODO|CITY|COUNTRY|STATE|ZIP|POSTCODE|POSTAL|DPO|REPRESENTATIVE|NUMBER|ENTITY|PRODUCT|SERVICE|APP|JURISDICTION|DAYS|PERIOD|LINK|LIST|DESCRIBE|CONFIRM|DETAILS|CATEGORIES|SOURCES|PURPOSES)\b/;
const LOWER_BRACKETED = /\[(?:company|name|email|e-mail|address|date|phone|organi[sz]ation|website|insert|your)[^\]\n]{0,40}\]/gi;
const MUSTACHE = /\{\{[^{}\n]{1,60}\}\}|\$\{[A-Za-z_][\w.]{0,40}\}|<<[A-Za-z_ ]{2,40}>>/g;
const MARKERS = /\b(?:TODO|TBD|FIXME|XXX+)\b|\blorem ipsum\b/g;
const EXAMPLE_DOMAINS = /\b[\w.+-]*@?(?:[\w-]+\.)*example\.(?:com|org|net)\b|\byour[- ]?(?:company|domain)(?:\.[a-z]{2,})+\b/gi;

export function unfilledPlaceholder(ctx: RuleContext): Finding[] {
  const doc = ctx.analysis.doc;
  const text = doc.plain;
  const found = new Map<number, { end: number; value: string }>();
  const scan = (re: RegExp, keep: (m: RegExpExecArray) => boolean = () => true) => {
    re.lastIndex = doc.contentStart;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (!keep(m)) continue;
      const overlaps = [...found.entries()].some(([s, v]) => m!.index < v.end && m!.index + m![0].length > s);
      if (!overlaps) found.set(m.index, { end: m.index + m[0].length, value: m[0] });
    }
  };
  scan(BRACKETED, (m) => BRACKET_WORDS.test(m[0].slice(1).split(/[,.:;!?]/)[0]!));
  scan(LOWER_BRACKETED);
  scan(MUSTACHE);
  scan(MARKERS);
  scan(EXAMPLE_DOMAINS);
  return [...found.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([start, v]) =>
      makeFinding(ctx, 'PLACEHOLDER', messageFor(ctx, 'PLACEHOLDER', 'Unfilled placeholder "{value}": replace it with the real value before publishing', { value: v.value }), {
        start,
        end: v.end,
      }),
    );
}
