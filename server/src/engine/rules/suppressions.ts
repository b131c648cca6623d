// Inline suppression in Markdown, markdownlint-style HTML comments:
//   <!-- privacy-lint-disable children-age -- reason -->   … <!-- privacy-lint-enable children-age -->
//   <!-- privacy-lint-disable-next-line contact -- reason -->
//   <!-- privacy-lint-disable-file ccpa-notice -- reason -->
// No rule list means every rule. A disable with no later enable runs to the end of the file; findings
// about the whole document (a missing section) are suppressed by a disable that is never re-enabled,
// wherever it sits, since such findings have no place of their own.

import type { PolicyDocument } from '../document/model.js';
import type { Finding } from '../types.js';

interface Interval {
  rule: string; // '*' for every rule
  start: number;
  end: number;
  /** Open to the end of the file (never re-enabled), or a -file directive. */
  open: boolean;
}

const DIRECTIVE = /^privacy-?lint-(disable-next-line|disable-file|disable|enable)\b\s*([^]*?)\s*(?:--\s*([^]*))?$/;

export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-file';
  rules: string[];
  reason: string | null;
  offset: number;
  end: number;
}

export function parseDirectives(doc: PolicyDocument): Directive[] {
  const out: Directive[] = [];
  for (const c of doc.comments) {
    const m = DIRECTIVE.exec(c.body);
    if (!m) continue;
    const rules = m[2]!.split(/[\s,]+/).filter(Boolean);
    out.push({ kind: m[1] as Directive['kind'], rules: rules.length ? rules : ['*'], reason: m[3]?.trim() || null, offset: c.span.start, end: c.span.end });
  }
  return out;
}

function intervals(doc: PolicyDocument, directives: Directive[]): Interval[] {
  const out: Interval[] = [];
  const openSince = new Map<string, number>();
  for (const d of directives) {
    if (d.kind === 'disable-file') {
      for (const r of d.rules) out.push({ rule: r, start: 0, end: doc.text.length, open: true });
    } else if (d.kind === 'disable-next-line') {
      const line = doc.lines.lineAt(d.end);
      // The next line that has content (one blank line in between is tolerated, as Prettier adds one).
      let target = line + 1;
      while (target < doc.lines.lineCount && doc.lines.lineText(target).trim() === '' && target <= line + 2) target++;
      const start = doc.lines.starts[target] ?? doc.text.length;
      for (const r of d.rules) out.push({ rule: r, start, end: doc.lines.lineEnd(target), open: false });
    } else if (d.kind === 'disable') {
      for (const r of d.rules) if (!openSince.has(r)) openSince.set(r, d.offset);
    } else {
      for (const r of d.rules) {
        const keys = r === '*' ? [...openSince.keys()] : [r];
        for (const k of keys) {
          const start = openSince.get(k);
          if (start === undefined) continue;
          out.push({ rule: k, start, end: d.offset, open: false });
          openSince.delete(k);
        }
      }
    }
  }
  for (const [rule, start] of openSince) out.push({ rule, start, end: doc.text.length, open: true });
  return out;
}

export function applySuppressions(doc: PolicyDocument, findings: Finding[]): { kept: Finding[]; suppressed: Finding[] } {
  const directives = parseDirectives(doc);
  if (!directives.length) return { kept: findings, suppressed: [] };
  const iv = intervals(doc, directives);
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const hit = iv.some(
      (i) => (i.rule === '*' || i.rule === f.ruleId) && ((f.documentLevel && i.open) || (f.span.start >= i.start && f.span.start < i.end)),
    );
    (hit ? suppressed : kept).push(f);
  }
  return { kept, suppressed };
}
