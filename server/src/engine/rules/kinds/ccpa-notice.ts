// ccpa-notice: the California notice, item by item (Civ. Code §1798.130(a)(5), 11 CCR §7011). Items
// are data (rules/ccpa-notice.yaml); each missing item is its own finding so the reader sees exactly
// what to add. The California section is preferred, but items such as categories collected may be
// met by the general body of the policy (requirements.md §3.2), as each element's scope says.

import type { ElementSpec } from '../../catalogue/schema.js';
import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import {
  absentFinding,
  anySentenceMatches,
  appendToSection,
  compileCues,
  documentAnchor,
  lineOf,
  makeFinding,
  messageFor,
  outermost,
  sentencesIn,
} from '../context.js';
import { lastUpdated } from './dates.js';

export function ccpaNotice(ctx: RuleContext): Finding[] {
  const a = ctx.analysis;
  if (!a.topics.ccpa.present) {
    return [absentFinding(ctx, 'No California privacy notice: California residents must be told their CCPA/CPRA rights and how to use them')];
  }
  // The California section: the sections headed as one, else those holding the notice's sentences.
  // Items are looked for in both: a notice written under no heading of its own can gain one (a clause
  // that --fix adds makes "Your California Privacy Rights" a California section), and what it already
  // says, or what --fix added to it before, still counts.
  const evidenceSections = [...new Set(a.topics.ccpa.evidence.map((e) => e.section))].map((i) => a.doc.sections[i]!);
  let sections = outermost(a.topicSections.ccpa);
  if (!sections.length) sections = evidenceSections;
  const inSection = sentencesIn(a, outermost([...new Set([...sections, ...evidenceSections])]));
  const anchor = sections[0]?.heading?.span ?? a.topics.ccpa.evidence[0]?.span ?? documentAnchor(a);
  const out: Finding[] = [];
  for (const el of ctx.rule.elements ?? []) {
    if (satisfied(ctx, el, inSection, sections)) continue;
    const fix = el.clause && sections[0] ? { ...appendToSection(ctx, sections[0], el.clause), title: `Add to the California notice: ${el.label}` } : undefined;
    out.push(
      makeFinding(ctx, el.code, messageFor(ctx, el.code, `California notice (line {line}) does not give ${el.label}`, { line: lineOf(a, anchor.start) }), anchor, {
        citations: el.citations,
        severity: ctx.configured ?? el.severity ?? ctx.rule.severity,
        ...(fix ? { fix } : {}),
      }),
    );
  }
  return out;
}

function satisfied(ctx: RuleContext, el: ElementSpec, inSection: ReturnType<typeof sentencesIn>, sections: ReturnType<typeof outermost>): boolean {
  const a = ctx.analysis;
  // The ways to ask may be given once, in the rights section the California notice relies on.
  if (el.check === 'request-methods') return requestMethods(ctx, sections) >= 2 || requestMethods(ctx, outermost(a.topicSections.rights)) >= 2;
  // Only whether a date is given: how old it is, is the last-updated-date rule's CCPA-STALE.
  if (el.check === 'last-updated') return lastUpdated(a) !== null;
  const cues = compileCues(el.cues);
  const pool = el.scope === 'document' ? a.sentences : inSection;
  return anySentenceMatches(a, pool, cues);
}

/** Distinct request channels named in the California section (email, phone, web form, mail, in-app). */
function requestMethods(ctx: RuleContext, sections: ReturnType<typeof outermost>): number {
  const a = ctx.analysis;
  const kinds = new Set<string>();
  for (const c of a.details.contact.channels) {
    if (sections.some((s) => c.span.start >= s.span.start && c.span.end <= s.span.end)) kinds.add(c.kind);
  }
  const text = sections.map((s) => a.doc.plain.slice(s.span.start, s.span.end)).join('\n');
  if (/https?:\/\/|\bwww\./i.test(text)) kinds.add('form');
  if (/\b(toll[- ]free|call us|by phone|telephone)\b/i.test(text)) kinds.add('phone');
  if (/\b(e-?mail us|by e-?mail|email address)\b/i.test(text)) kinds.add('email');
  if (/\b(in[- ]app|account settings|privacy settings|privacy (portal|center|centre)|web ?form|online form|request form)\b/i.test(text)) kinds.add('form');
  if (/\b(by (postal )?mail|write to us|mailing address)\b/i.test(text)) kinds.add('postal');
  if (/\[(PRIVACY EMAIL|PHONE NUMBER|WEBSITE URL|POSTAL ADDRESS)\]/.test(text)) {
    for (const [p, k] of [['PRIVACY EMAIL', 'email'], ['PHONE NUMBER', 'phone'], ['WEBSITE URL', 'form'], ['POSTAL ADDRESS', 'postal']] as const) if (text.includes(`[${p}]`)) kinds.add(k);
  }
  return kinds.size;
}
