// SARIF 2.1.0 for GitHub code scanning: every rule with help text and its legal citations, results
// with repo-relative URIs, 1-based regions in UTF-16 code units, and partial fingerprints so repeated
// uploads do not duplicate alerts (see ../shared/docs/conventions.md §2.5).

import { createHash } from 'node:crypto';
import { citeText, type RuleSpec } from '../../engine/index.js';
import type { FileReport } from '../report.js';

export function sarif(reports: FileReport[], rules: readonly RuleSpec[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const results = reports.flatMap((r) =>
    r.findings.map((f, i) => {
      const m = r.messages[i]!;
      const hash = createHash('sha256').update(`${f.ruleId}\u0000${f.code}\u0000${r.lineTexts[i]!.trim()}`).digest('hex').slice(0, 32);
      return {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId) ?? -1,
        level: level(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: encodeURI(r.displayPath), uriBaseId: '%SRCROOT%' },
              region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: hash },
        properties: { code: f.code, citations: f.citations.map((c) => `${c.law} ${c.ref}`) },
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'privacy-lint',
            semanticVersion: version,
            informationUri: 'https://github.com/privacy-lint/privacy-lint',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)(\w)/g, (_, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description.trim() },
              help: {
                text: `${r.description.trim()}\nLaw: ${citeText(r.citations)}.`,
                markdown: `${r.description.trim()}\n\n**Law:** ${citeText(r.citations)}.${r.fix ? `\n\n**Fix:** \`privacy-lint --fix\` inserts a "${r.fix.heading}" section.` : ''}`,
              },
              defaultConfiguration: { level: level(r.severity) },
              properties: { tags: ['privacy', ...(r.jurisdictions.length ? r.jurisdictions : ['all'])], citations: r.citations.map((c) => `${c.law} ${c.ref}`) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results,
      },
    ],
  };
  // The base is "the repository root" for code scanning; no absolute path of this machine goes in.
  delete (log.runs[0] as { originalUriBaseIds?: unknown }).originalUriBaseIds;
  return JSON.stringify(log, null, 2);
}
