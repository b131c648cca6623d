// GitHub Actions workflow commands. GitHub shows at most 10 error and 10 warning annotations per step
// (actions/toolkit#734), so a plain summary line follows; use SARIF for large reports.

import type { FileReport } from '../report.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProp = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function github(reports: FileReport[]): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of reports) {
    r.findings.forEach((f, i) => {
      const m = r.messages[i]!;
      const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      if (f.severity === 'error') errors++;
      else warnings++;
      const props = [`file=${escapeProp(r.displayPath)}`, `line=${m.line}`, `col=${m.column}`, `endLine=${m.endLine}`, `endColumn=${m.endColumn}`, `title=${escapeProp(`privacy-lint ${f.ruleId}`)}`];
      out.push(`::${level} ${props.join(',')}::${escapeData(f.message)}`);
    });
  }
  out.push(`privacy-lint: ${errors} error(s), ${warnings} warning(s) in ${reports.length} file(s)`);
  return out.join('\n') + '\n';
}
