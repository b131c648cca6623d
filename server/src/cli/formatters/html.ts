// `--format html`: one self-contained page for people who review policies rather than CI logs. Per
// file: the coverage matrix (topics × applicable laws, from rules/laws.yaml, with the provision in each
// cell), every finding with its position and citation, and the sentence that is the evidence for each
// covered topic. Inline CSS only: no script, font, image or stylesheet is loaded from anywhere, and a
// Content-Security-Policy says so to the browser. Every piece of policy text is HTML-escaped.

import { citeText, type CoverageMatrix, type Finding } from '../../engine/index.js';
import type { FileReport } from '../report.js';

export interface HtmlOptions {
  version: string;
  today: Date;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --info: #0969da; --muted: #6e7781; --line: #d0d7de; --band: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --ok: #3fb950; --bad: #f85149; --warn: #d29922; --info: #58a6ff; --muted: #8b949e; --line: #30363d; --band: #161b22; } }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .25rem; padding-top: 1rem; border-top: 2px solid var(--line); word-break: break-all; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
p.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--band); position: sticky; top: 0; }
td.ok { color: var(--ok); white-space: nowrap; }
td.missing { color: var(--bad); font-weight: 600; white-space: nowrap; }
td.na { color: var(--muted); text-align: center; }
td small, li small { display: block; font-weight: normal; color: var(--muted); white-space: normal; }
.sev { font-weight: 600; white-space: nowrap; }
.sev-error { color: var(--bad); }
.sev-warning { color: var(--warn); }
.sev-info { color: var(--info); }
ol.evidence { margin: 0; padding-left: 1.2rem; }
ol.evidence li { margin-bottom: .25rem; }
.line { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
code { font-size: .9em; }
a { color: var(--info); }
@media print { thead th { position: static; } h2 { break-before: page; } }
`;

/** The whole report page. */
export function html(reports: FileReport[], options: HtmlOptions): string {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const r of reports) {
    for (const f of r.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    }
  }
  const out: string[] = [];
  out.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="privacy-lint">',
    '<title>privacy-lint report</title>',
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>privacy-lint report</h1>',
    `<p class="meta">${reports.length} ${plural(reports.length, 'policy', 'policies')} · ${errors} ${plural(errors, 'error')} · ${warnings} ${plural(warnings, 'warning')} · ${infos} info · ` +
      `checked on ${escapeHtml(options.today.toISOString().slice(0, 10))} by privacy-lint ${escapeHtml(options.version)}. ` +
      'Made locally; this page loads nothing from the network. Not legal advice.</p>',
    '</header>',
  );
  if (reports.length > 1) out.push(...index(reports));
  out.push('<main>');
  reports.forEach((r, i) => out.push(...file(r, i)));
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

function counts(r: FileReport): { errors: number; warnings: number; infos: number } {
  const c = { errors: 0, warnings: 0, infos: 0 };
  for (const f of r.findings) {
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
  }
  return c;
}

function index(reports: FileReport[]): string[] {
  const out = ['<nav>', '<h2 id="files">Policies</h2>', '<table>', '<thead><tr><th>Policy</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Coverage</th></tr></thead>', '<tbody>'];
  reports.forEach((r, i) => {
    const c = counts(r);
    out.push(
      `<tr><td><a href="#file-${i + 1}">${escapeHtml(r.displayPath)}</a></td><td>${c.errors}</td><td>${c.warnings}</td><td>${c.infos}</td><td>${escapeHtml(r.coverage?.summary ?? '')}</td></tr>`,
    );
  });
  out.push('</tbody>', '</table>', '</nav>');
  return out;
}

function file(r: FileReport, i: number): string[] {
  const c = counts(r);
  const out = [`<section class="file" id="file-${i + 1}">`, `<h2>${escapeHtml(r.displayPath)}</h2>`];
  out.push(`<p class="meta">${c.errors} ${plural(c.errors, 'error')} · ${c.warnings} ${plural(c.warnings, 'warning')} · ${c.infos} info${r.coverage ? ` · ${escapeHtml(r.coverage.summary)}` : ''}</p>`);
  if (r.coverage) out.push(...laws(r.coverage), ...matrix(r.coverage));
  out.push(...findings(r));
  out.push('</section>');
  return out;
}

function laws(m: CoverageMatrix): string[] {
  if (!m.laws.length) return ['<h3>Laws</h3>', '<p>No law applies: set the jurisdictions in the configuration, or name the laws in the policy.</p>'];
  const out = ['<h3>Laws that apply</h3>', '<ul>'];
  for (const l of m.laws) {
    out.push(`<li><strong>${escapeHtml(l.name)}</strong> ${l.present}/${l.total} disclosures <span class="muted">(${escapeHtml(l.reason === 'configured' ? 'configured' : l.reason)})</span></li>`);
  }
  out.push('</ul>');
  return out;
}

function matrix(m: CoverageMatrix): string[] {
  const out = ['<h3>Coverage</h3>', '<table class="matrix">', '<thead><tr><th>Disclosure</th>'];
  for (const l of m.laws) out.push(`<th>${escapeHtml(l.name)}</th>`);
  out.push('<th>Where the policy makes it</th></tr></thead>', '<tbody>');
  for (const row of m.rows) {
    const cells = row.cells.map((cell) => {
      if (!cell) return '<td class="na" title="not asked by this law">–</td>';
      const provision = `<small>${escapeHtml(cell.provision)}</small>`;
      return cell.present ? `<td class="ok">✓ present${provision}</td>` : `<td class="missing">✗ missing${provision}</td>`;
    });
    const asked = row.cells.some((x) => x !== null);
    const evidence = row.evidence.length
      ? `<ol class="evidence">${row.evidence.map((e) => `<li><span class="line">line ${e.line}</span> ${escapeHtml(e.text)}</li>`).join('')}</ol>`
      : `<span class="muted">${row.present ? '' : asked ? 'not found' : 'not found (no applicable law asks for it)'}</span>`;
    out.push(`<tr><th scope="row">${escapeHtml(row.title)}<small>${escapeHtml(row.topic)}</small></th>${cells.join('')}<td>${evidence}</td></tr>`);
  }
  out.push('</tbody>', '</table>');
  return out;
}

function findings(r: FileReport): string[] {
  if (!r.findings.length) return ['<h3>Findings</h3>', '<p>No findings.</p>'];
  const out = [`<h3>Findings (${r.findings.length})</h3>`, '<table class="findings">', '<thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Finding</th><th>Law</th></tr></thead>', '<tbody>'];
  r.findings.forEach((f, i) => {
    const m = r.messages[i]!;
    const related = r.evidenceLines?.[i]?.length ? `<small>see also line${r.evidenceLines[i]!.length > 1 ? 's' : ''} ${r.evidenceLines[i]!.join(', ')}</small>` : '';
    out.push(
      `<tr class="sev-${f.severity}"><td class="line">${m.line}:${m.column}</td><td class="sev sev-${f.severity}">${f.severity}</td>` +
        `<td><code>${escapeHtml(f.ruleId)}</code><small>${escapeHtml(f.code)}</small></td>` +
        `<td>${escapeHtml(messageText(f))}${related}${f.appliesBecause ? `<small>${escapeHtml(f.appliesBecause)}</small>` : ''}${f.fix ? `<small>fix: ${escapeHtml(f.fix.title)}</small>` : ''}</td>` +
        `<td>${escapeHtml(citeText(f.citations))}</td></tr>`,
    );
  });
  out.push('</tbody>', '</table>');
  return out;
}

/** The message without the citation suffix the engine appends: the page shows the citation in its own column. */
function messageText(f: Finding): string {
  const suffix = f.citations.length ? ` (${citeText(f.citations)})` : '';
  return suffix && f.message.endsWith(suffix) ? f.message.slice(0, -suffix.length) : f.message;
}
