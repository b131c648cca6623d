// The per-file report every formatter reads: ESLint's result shape plus `disclosures`, built from the
// engine's findings with 1-based positions.

import { builtinCatalogue, coverageMatrix, lineColumn, type CoverageMatrix, type Disclosures, type Finding, type LintResult } from '../engine/index.js';

export interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: { range: [number, number]; text: string };
}

export interface FileReport {
  filePath: string;
  /** Path relative to the working directory, forward slashes (for humans, SARIF and annotations). */
  displayPath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  disclosures: Disclosures;
  /** Engine findings, parallel to `messages`, for formatters that want codes and citations. */
  findings: Finding[];
  /** Text of the linted line for each message (SARIF fingerprints). */
  lineTexts: string[];
  /** Topics × applicable laws with evidence (the HTML report); only when asked for, never in JSON. */
  coverage?: CoverageMatrix;
  /** 1-based lines of each finding's evidence, parallel to `messages` (with `coverage`). */
  evidenceLines?: number[][];
}

export interface ReportOptions {
  /** Build the coverage matrix and evidence lines too (the HTML report wants them). */
  coverage?: boolean;
}

export function buildReport(filePath: string, displayPath: string, result: LintResult, quiet: boolean, options: ReportOptions = {}): FileReport {
  const findings = quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const messages = findings.map((f): JsonMessage => {
    const lc = lineColumn(result.doc, f.span);
    const m: JsonMessage = { ruleId: f.ruleId, severity: f.severity === 'error' ? 2 : 1, message: f.message, ...lc };
    if (f.fix) m.fix = { range: f.fix.range, text: f.fix.text };
    return m;
  });
  const report: FileReport = {
    filePath,
    displayPath,
    messages,
    errorCount: result.findings.filter((f) => f.severity === 'error').length,
    warningCount: result.findings.filter((f) => f.severity !== 'error').length,
    disclosures: result.disclosures,
    findings,
    lineTexts: findings.map((f) => result.doc.lines.lineText(result.doc.lines.lineAt(f.span.start))),
  };
  if (options.coverage) {
    report.coverage = coverageMatrix(result, builtinCatalogue());
    report.evidenceLines = findings.map((f) => [...new Set((f.evidence ?? []).map((e) => result.doc.lines.lineAt(e.start) + 1))]);
  }
  return report;
}

export function toJson(reports: FileReport[]): string {
  return JSON.stringify(
    reports.map((r) => ({
      filePath: r.filePath,
      messages: r.messages,
      errorCount: r.errorCount,
      warningCount: r.warningCount,
      disclosures: r.disclosures,
    })),
    null,
    2,
  );
}
