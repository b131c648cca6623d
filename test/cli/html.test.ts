// `privacy-lint --format html`: a self-contained page (nothing loaded from the network), valid-ish
// HTML, policy text escaped, every finding with its position and citation, and the coverage matrix
// with the evidence for each covered topic.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter, citeText, mergeConfig } from '../../server/src/engine/index.js';
import { escapeHtml, html } from '../../server/src/cli/formatters/html.js';
import { buildReport } from '../../server/src/cli/report.js';

const BIN = fileURLToPath(new URL('../../../bin/privacy-lint.js', import.meta.url));
const TODAY = new Date(Date.UTC(2026, 10, 23));

const MD = `# Privacy Policy

Last updated: 2 March 2026

## What we collect

We collect your name and email address <script>alert("collect")</script> when you sign up.

## Sharing

We share personal information with service providers that host the service. We do not sell or share your personal information.

## Cookies

We use the Meta Pixel to show you our ads on other websites.

## Contact

Write to privacy@harbour-books.
`;

const TXT = `Privacy Notice

Contact
Email privacy@harbour-books.test <script>alert('contact')</script> with any question about your data.
Or write to {{<img src=x onerror=alert(1)>}}.

Children
Our shop is not directed to children under 13 & we do not knowingly collect their data.
`;

/** Non-void elements the page uses: every opening tag has its closing tag. */
const PAIRED = ['html', 'head', 'body', 'header', 'main', 'nav', 'section', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'p', 'style', 'title', 'small', 'strong', 'code', 'span', 'a'];

function assertWellFormed(page: string) {
  assert.match(page, /^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
  assert.match(page, /<\/html>\n$/);
  for (const tag of PAIRED) {
    const open = page.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
    const close = page.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
    assert.equal(open, close, `<${tag}> opened ${open} times, closed ${close} times`);
  }
  // Nesting: a stack machine over the paired tags never pops the wrong one.
  const stack: string[] = [];
  for (const m of page.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g)) {
    const [, closing, tag] = m;
    if (!PAIRED.includes(tag!)) continue;
    if (!closing) stack.push(tag!);
    else assert.equal(stack.pop(), tag, `</${tag}> closes <${stack[stack.length] ?? '?'}> at offset ${m.index}`);
  }
  assert.deepEqual(stack, []);
}

function assertOffline(page: string) {
  assert.doesNotMatch(page, /<script/i, 'no script element');
  assert.doesNotMatch(page, /<(?:link|iframe|object|embed|img|audio|video|source|base|form)\b/i, 'nothing that loads or sends');
  assert.doesNotMatch(page, /\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i, 'no attribute points anywhere but inside the page');
  assert.doesNotMatch(page, /url\(|@import|@font-face/i, 'no CSS fetches');
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/);
  for (const m of page.matchAll(/\bhref="([^"]*)"/g)) assert.match(m[1]!, /^#file-\d+$/);
}

describe('html report', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the CLI writes one well-formed, offline page for several files, with an index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'privacy-lint-html-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'r&d-policy.md'), MD);
    writeFileSync(join(dir, 'shop.txt'), TXT);
    const r = spawnSync(process.execPath, [BIN, '--today', '2026-11-23', '--format', 'html', 'r&d-policy.md', 'shop.txt'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1, 'errors still fail the run');
    const page = r.stdout;
    assertWellFormed(page);
    assertOffline(page);
    assert.ok(page.includes('<a href="#file-1">r&amp;d-policy.md</a>'));
    assert.ok(page.includes('<section class="file" id="file-2">'));
    assert.ok(page.includes('<h2>shop.txt</h2>'));
    // Policy text is escaped, never markup.
    assert.ok(page.includes('&lt;script&gt;alert(&#39;contact&#39;)&lt;/script&gt;'), 'the script in the text file is shown as text');
    assert.ok(page.includes('under 13 &amp; we do not'));
    assert.ok(page.includes('{{&lt;img src=x onerror=alert(1)&gt;}}'), 'the placeholder finding quotes the text escaped');
  });

  it('json output is unchanged when the html report adds coverage to the reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'privacy-lint-html-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'policy.md'), MD);
    const r = spawnSync(process.execPath, [BIN, '--today', '2026-11-23', '--format', 'json', 'policy.md'], { cwd: dir, encoding: 'utf8' });
    const [file] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(file!), ['filePath', 'messages', 'errorCount', 'warningCount', 'disclosures']);
  });

  describe('the page for one policy', () => {
    const linter = new Linter();
    const result = linter.lint({ uri: '/p/policy.md', text: MD, format: 'markdown' }, { config: mergeConfig({ jurisdictions: ['gdpr', 'ccpa'] }), today: TODAY });
    const report = buildReport('/p/policy.md', 'policy.md', result, false, { coverage: true });
    const page = html([report], { version: '9.9.9', today: TODAY });

    it('is well formed and offline', () => {
      assertWellFormed(page);
      assertOffline(page);
      assert.doesNotMatch(page, /<nav>/, 'no index for a single file');
    });

    it('lists every finding with its position, rule, code, message and citation', () => {
      assert.ok(report.findings.length >= 5, `${report.findings.length} findings`);
      const rows = page.match(/<tr class="sev-/g) ?? [];
      assert.equal(rows.length, report.findings.length);
      report.findings.forEach((f, i) => {
        const m = report.messages[i]!;
        const cite = citeText(f.citations);
        const text = cite ? f.message.slice(0, -(cite.length + 3)) : f.message;
        const row = `<tr class="sev-${f.severity}"><td class="line">${m.line}:${m.column}</td><td class="sev sev-${f.severity}">${f.severity}</td><td><code>${f.ruleId}</code><small>${f.code}</small></td><td>${escapeHtml(text)}`;
        assert.ok(page.includes(row), `missing row for ${f.ruleId} ${f.code}: ${row}`);
        assert.ok(page.includes(`<td>${escapeHtml(cite)}</td></tr>`), `missing citation ${cite}`);
      });
      assert.ok(report.findings.some((f) => f.ruleId === 'sale-share-contradiction'));
      assert.match(page, /see also line 15/, "the contradiction's evidence line");
    });

    it('has the coverage matrix: a column per applicable law, a row per topic, the provision in each cell', () => {
      const m = report.coverage!;
      assert.deepEqual(m.laws.map((l) => l.id), ['gdpr', 'ccpa']);
      assert.ok(page.includes('<thead><tr><th>Disclosure</th>\n<th>GDPR</th>\n<th>CCPA</th>\n<th>Where the policy makes it</th></tr></thead>'));
      assert.equal(page.match(/<th scope="row">/g)?.length, m.rows.length);
      const present = m.rows.flatMap((r) => r.cells).filter((c) => c?.present).length;
      const missing = m.rows.flatMap((r) => r.cells).filter((c) => c && !c.present).length;
      assert.equal(page.match(/<td class="ok">✓ present/g)?.length ?? 0, present);
      assert.equal(page.match(/<td class="missing">✗ missing/g)?.length ?? 0, missing);
      assert.ok(page.includes('<td class="missing">✗ missing<small>Art. 13(2)(a)</small></td>'), 'GDPR retention is missing, with its provision');
      assert.ok(page.includes(escapeHtml(m.summary)));
    });

    it('gives the evidence line and text for each covered topic, escaped', () => {
      const collection = report.coverage!.rows.find((r) => r.topic === 'collection')!;
      assert.equal(collection.present, true);
      assert.equal(collection.evidence[0]!.line, 5);
      for (const row of report.coverage!.rows.filter((r) => r.present)) {
        assert.ok(row.evidence.length > 0, `${row.topic} is present but has no evidence`);
        for (const e of row.evidence) assert.ok(page.includes(`<li><span class="line">line ${e.line}</span> ${escapeHtml(e.text)}</li>`), `${row.topic} line ${e.line}`);
      }
      assert.ok(page.includes('<span class="line">line 5</span> What we collect: We collect your name and email address'));
      assert.doesNotMatch(page, /alert\("collect"\)<\/script>/);
    });
  });
});
