// Human output, grouped by file like ESLint's stylish: position, severity, message with its legal
// citation, rule id, and whether --fix can insert the missing clause.

import type { FileReport } from '../report.js';

export function stylish(reports: FileReport[], color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  for (const r of reports) {
    if (!r.findings.length) continue;
    out.push(c('4', r.displayPath));
    const rows = r.findings.map((f, i) => {
      const m = r.messages[i]!;
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
      if (f.fix) fixable++;
      const sev = f.severity === 'error' ? c('31', 'error  ') : f.severity === 'warning' ? c('33', 'warning') : c('36', 'info   ');
      return { pos: `${m.line}:${m.column}`, sev, f };
    });
    const width = Math.max(...rows.map((x) => x.pos.length));
    const explained = new Set<string>();
    for (const row of rows) {
      out.push(`  ${row.pos.padEnd(width)}  ${row.sev}  ${row.f.message}  ${c('2', row.f.ruleId)}`);
      // Say once per rule and file why a jurisdiction-specific rule applies.
      if (row.f.appliesBecause && !explained.has(row.f.ruleId) && explained.add(row.f.ruleId)) out.push(`  ${' '.repeat(width)}           ${c('2', `(${row.f.appliesBecause})`)}`);
      if (row.f.fix) out.push(`  ${' '.repeat(width)}           ${c('32', `fix: ${row.f.fix.title}`)}`);
    }
    out.push('');
  }
  const total = errors + warnings + infos;
  if (total === 0) return '';
  const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info)`;
  out.push(c(errors ? '31;1' : '33;1', summary));
  if (fixable) out.push(c('32', `  ${fixable} missing clause${fixable === 1 ? '' : 's'} can be inserted with --fix (review the inserted text and fill its [PLACEHOLDERS]).`));
  return out.join('\n') + '\n';
}
