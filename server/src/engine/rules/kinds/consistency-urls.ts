// malformed-url: web addresses readers cannot follow — a broken scheme ("http//", "https:/", "htps://"),
// a host with no top-level domain or an empty part ("https://acme", "www.acme", "https://acme..com"),
// and, in Markdown, links whose target is empty or "#" ("[our request form]()"). Email addresses are
// the contact rule's (CONTACT-MALFORMED-EMAIL), template slots the unfilled-placeholder rule's.

import type { Finding, Span } from '../../types.js';
import type { RuleContext } from '../context.js';
import { makeFinding, messageFor } from '../context.js';
import { quote } from './consistency-text.js';

/** Anything that starts like a web address: a scheme (even misspelt) followed by ":" or "/", or "www.". */
const CANDIDATE = /(?<![\w@/.%+-])(?:h[tx]{1,3}ps?\s?[:;]?\/{1,3}|h[tx]{1,3}ps?:|www\.)[^\s<>"'`]*/gi;
const GOOD_SCHEME = /^https?:\/\/(?!\/)/i;
const LABEL = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?$/u;
const TLD = /^(?:\p{L}{2,24}|xn--[a-z0-9-]{2,59})$/iu;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/** Why `url` cannot be followed, or null when it looks fine. */
export function urlProblem(url: string): string | null {
  let rest: string;
  if (/^www\./i.test(url)) rest = url;
  else {
    if (!GOOD_SCHEME.test(url)) return 'the address must start with "https://" or "http://"';
    rest = url.replace(GOOD_SCHEME, '');
  }
  const authority = rest.split(/[/?#]/, 1)[0]!;
  const host = authority.replace(/^[^@]*@/, '').replace(/:\d{1,5}$/, '');
  if (!host) return 'it has no host name';
  if (/^localhost$/i.test(host) || IPV4.test(host)) return null;
  const labels = host.split('.');
  if (labels.some((l) => l === '')) return `the host name "${host}" has an empty part`;
  if (labels.length < 2) return `the host name "${host}" has no top-level domain (such as .com)`;
  if (/^www$/i.test(labels[0]!) && labels.length < 3) return `the host name "${host}" has no top-level domain (such as .com)`;
  if (!labels.every((l) => LABEL.test(l))) return `the host name "${host}" contains characters a host name cannot have`;
  if (!TLD.test(labels[labels.length - 1]!)) return `"${labels[labels.length - 1]}" is not a top-level domain`;
  return null;
}

/** Trailing punctuation that ends a sentence or closes a bracket is not part of the address. */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const t = url.replace(/[.,;:!?*_]+$/, '');
    const closing = /[)\]}]$/.exec(t);
    if (closing) {
      const open = { ')': '(', ']': '[', '}': '{' }[closing[0] as ')' | ']' | '}'];
      if (t.split(open).length - 1 < t.split(closing[0]).length - 1) {
        url = t.slice(0, -1);
        continue;
      }
    }
    if (t === url) return url;
    url = t;
  }
}

/** A Markdown link whose target is missing or a bare "#": `[our request form]()`, `[here](#)`. */
const EMPTY_LINK = /(?<!!)\[([^\]\n]{1,120})\]\(\s*(?:#|javascript:[^)\n]*)?\s*\)/g;

export function malformedUrls(ctx: RuleContext): Finding[] {
  const doc = ctx.analysis.doc;
  const out: Finding[] = [];
  const plain = doc.plain;
  CANDIDATE.lastIndex = doc.contentStart;
  for (let m = CANDIDATE.exec(plain); m; m = CANDIDATE.exec(plain)) {
    const url = trimUrl(m[0]);
    // "HTTPS:" closing a sentence, or "http://" on its own, is talk about the protocol, not an address.
    // A misspelt scheme counts only when a host name follows ("http//acme.com"), not "HTTP/2".
    const rest = url.replace(/^h[tx]{1,3}ps?\s?[:;]?\/{0,3}/i, '');
    if (!/^www\./i.test(url) && !GOOD_SCHEME.test(url) && !/^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u.test(rest)) continue;
    if (rest === '' && !/^www\./i.test(url)) continue;
    // "https://[your-domain]/privacy" is a template slot: unfilled-placeholder reports it.
    if (/[[\]{}]|<<|%7B/i.test(url)) continue;
    const problem = urlProblem(url);
    if (!problem) continue;
    const span: Span = { start: m.index, end: m.index + url.length };
    out.push(makeFinding(ctx, 'URL-MALFORMED', messageFor(ctx, 'URL-MALFORMED', 'Malformed web address "{value}": {problem}', { value: quote(url, 80), problem }), span));
  }
  if (doc.format === 'markdown') {
    const text = doc.text;
    EMPTY_LINK.lastIndex = doc.contentStart;
    for (let m = EMPTY_LINK.exec(text); m; m = EMPTY_LINK.exec(text)) {
      const span: Span = { start: m.index, end: m.index + m[0].length };
      out.push(makeFinding(ctx, 'LINK-EMPTY', messageFor(ctx, 'LINK-EMPTY', 'The link "{value}" goes nowhere: give its address', { value: quote(m[1]!) }), span));
    }
  }
  return out.sort((x, y) => x.span.start - y.span.start);
}
