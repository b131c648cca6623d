// contact: a way to reach the privacy team with at least one direct channel (email, postal address,
// phone or a web form), and email addresses that are well formed (requirements.md §3.4).

import type { Finding, Span } from '../../types.js';
import type { RuleContext } from '../context.js';
import { absentFinding, lineOf, makeFinding, messageFor } from '../context.js';
import { lineMatches } from '../../document/line-scan.js';

// Anything shaped like an address: local part, "@", something after it (handles like "@acme" excluded).
const EMAIL_LIKE = /[A-Za-z0-9._%+'!#$&*/=?^`{|}~-]+@[^\s<>()[\]{},;:"'@]*(?:@[^\s<>()[\]{},;:"']*)*/g;
const VALID_EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;
const PLACEHOLDER_CHANNEL = /\[(?:[A-Z ]*(?:EMAIL|ADDRESS|PHONE|URL|WEBSITE)[A-Z ]*)\]|\{\{[^}]*(?:email|address|phone|url)[^}]*\}\}/i;

export function contact(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  const out: Finding[] = [...malformedEmails(ctx)];
  const topic = a.topics.contact;
  if (!topic.present) {
    out.unshift(absentFinding(ctx, 'No way to contact the organisation about privacy: give an email address, postal address, phone number or web form'));
    return out;
  }
  const c = a.details.contact;
  const sectionText = a.topicSections.contact.map((s) => a.doc.plain.slice(s.span.start, s.span.end)).join('\n');
  const hasUrl = /https?:\/\/|\bwww\./i.test(sectionText);
  // A clause inserted by privacy-lint leaves [PRIVACY EMAIL]-style slots: that is a channel waiting to be
  // filled, reported by unfilled-placeholder rather than as a missing channel.
  const placeholder = PLACEHOLDER_CHANNEL.test(sectionText) || topic.evidence.some((e) => PLACEHOLDER_CHANNEL.test(a.doc.plain.slice(e.span.start, e.span.end)));
  if (!c.email && !c.postal && !c.phone && !c.form && !hasUrl && !placeholder && !out.length) {
    const first = topic.evidence[0]!;
    out.push(
      makeFinding(
        ctx,
        'CONTACT-NO-CHANNEL',
        messageFor(ctx, 'CONTACT-NO-CHANNEL', 'The contact statement (line {line}) gives no direct channel: add an email address, postal address, phone number or a link to a contact form', {
          line: lineOf(a, first.span.start),
        }),
        first.span,
      ),
    );
  }
  return out;
}

function malformedEmails(ctx: RuleContext): Finding[] {
  const doc = ctx.analysis.doc;
  const out: Finding[] = [];
  // EMAIL_LIKE never matches white space: each line is scanned once and remembered by its text.
  const [matches] = lineMatches(ctx.analysis.memo, 'email-like', doc.plain, doc.contentStart, [{ re: EMAIL_LIKE, guard: /@/ }]);
  for (const [index, match] of matches!) {
    let value = match.replace(/[.,;:!?)\]>'"]+$/, '');
    if (value.toLowerCase().startsWith('mailto:')) value = value.slice(7);
    if (!value.includes('@') || value.startsWith('@') || value.endsWith('@') && value.length < 3) continue;
    // "@handle" mentions and "user@" fragments in URLs are not email addresses.
    if (/^(?:https?|www)/i.test(value) || /\/\S*@/.test(value)) continue;
    if (VALID_EMAIL.test(value)) continue;
    const span: Span = { start: index, end: index + value.length };
    out.push(makeFinding(ctx, 'CONTACT-MALFORMED-EMAIL', messageFor(ctx, 'CONTACT-MALFORMED-EMAIL', 'Malformed email address "{value}": readers cannot reach you at it', { value }), span, { severity: ctx.configured ?? 'error' }));
  }
  return out;
}
