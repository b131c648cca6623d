// Hover, document symbols, the coverage code lens and the privacyLint/coverage request, over stdio.
import assert from 'node:assert/strict';
import type { DocumentSymbol, MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestClient, fixture, fixtureUri, onlyRules } from './client.js';

const GAPS = fixtureUri('policy-gaps.md');
const CALIFORNIA = fixtureUri('policy-california.md');
const PLAIN = fixtureUri('policy-plain.txt');
const SUMMARY = /^\d+\/\d+ disclosures( · [A-Za-z ]+ \d+\/\d+)+$/;

describe('LSP hover, symbols and coverage', function () {
  this.timeout(60_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: () => ({ debounceMs: 0, rules: onlyRules('children-age', 'breach-notification', 'ccpa-notice') }) });
    client.open(GAPS, fixture('policy-gaps.md'));
    client.open(CALIFORNIA, fixture('policy-california.md'));
    client.open(PLAIN, fixture('policy-plain.txt'), 'plaintext');
    await client.diagnosticsFor(GAPS, 1);
  });
  after(() => client.stop());

  function lineOf(uri: string, text: string): number {
    const line = client.text(uri).split('\n').findIndex((l) => l === text);
    assert.ok(line >= 0, `line "${text}"`);
    return line;
  }

  it('hover on a heading lists the topics the section covers', async () => {
    const hover = await client.hover(CALIFORNIA, lineOf(CALIFORNIA, '## Security Incidents'), 5);
    const value = (hover!.contents as MarkupContent).value;
    assert.equal((hover!.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /\*\*Security Incidents\*\* covers: .*Breach/i);
    assert.match(value, /heading/);
  });

  it('hover on a line of prose with no finding answers nothing', async () => {
    const hover = await client.hover(GAPS, lineOf(GAPS, '## Your Choices') - 2, 0);
    assert.equal(hover, null);
  });

  it('hover on a finding explains the requirement, the provision and what adequate looks like', async () => {
    const title = lineOf(GAPS, '# Privacy Policy of Quillmoss Journals');
    const hover = await client.hover(GAPS, title, 3);
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /\*\*children-age\*\* \(error\)/);
    assert.match(value, /\*Provision:\* COPPA 16 CFR §312\.4\(d\); GDPR Art\. 8\(1\)/);
    assert.match(value, /\*What adequate looks like:\* The policy must say how it treats children/);
    assert.match(value, /\*Quick fix:\* Insert a "Children's Privacy" section/);
    assert.match(value, /\[Rule documentation\]\(file:\/\/.*docs\/rules\/children-age\.md\)/);
  });

  it('hover on a deficient section gives the requirement rather than the "adequate" text', async () => {
    const hover = await client.hover(CALIFORNIA, lineOf(CALIFORNIA, '## Children'), 4);
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /\*\*Children\*\* covers: Children/);
    assert.match(value, /gives no age threshold/);
    assert.match(value, /\*Requirement:\*/);
    assert.doesNotMatch(value, /What adequate looks like/);
  });

  it('document symbols are the section tree with topics in the detail', async () => {
    const symbols = (await client.symbols(CALIFORNIA)) as DocumentSymbol[];
    assert.equal(symbols.length, 1, 'one root: the policy title');
    const root = symbols[0]!;
    assert.equal(root.name, 'Tidewater Bikes Privacy Notice');
    assert.deepEqual(
      root.children!.map((c) => c.name),
      ['Information We Collect', 'How We Use It', 'Children', 'Security Incidents', 'California Residents', 'Contact'],
    );
    const byName = new Map(root.children!.map((c) => [c.name, c]));
    assert.match(byName.get('Children')!.detail!, /Children/);
    assert.match(byName.get('California Residents')!.detail!, /California/);
    for (const c of root.children!) {
      assert.ok(c.range.start.line <= c.selectionRange.start.line && c.range.end.line >= c.selectionRange.end.line, 'range contains the heading');
    }
  });

  it('document symbols work for plain text with numbered headings', async () => {
    const symbols = (await client.symbols(PLAIN)) as DocumentSymbol[];
    const names = symbols.flatMap((s) => [s.name, ...(s.children ?? []).map((c) => c.name)]);
    assert.ok(names.includes('1. Information We Collect'), names.join(' | '));
    assert.ok(names.includes('3. Contact'), names.join(' | '));
  });

  it('code lens on line 0 carries the coverage summary', async () => {
    const lenses = await client.codeLens(GAPS);
    assert.equal(lenses!.length, 1);
    assert.equal(lenses![0]!.range.start.line, 0);
    assert.match(lenses![0]!.command!.title, SUMMARY);
    assert.equal(lenses![0]!.command!.command, 'privacyLint.showCoverage');
    assert.deepEqual(lenses![0]!.command!.arguments, [GAPS]);
  });

  it('privacyLint/coverage answers the summary and the per-law figures', async () => {
    const res = (await client.connection.sendRequest('privacyLint/coverage', { uri: CALIFORNIA })) as {
      summary: string;
      version: number;
      coverage: { present: number; total: number; laws: Array<{ id: string; present: number; total: number; missing: unknown[] }> };
    };
    assert.match(res.summary, SUMMARY);
    assert.equal(res.version, 1);
    assert.ok(res.coverage.total >= 19);
    assert.ok(res.coverage.laws.some((l) => l.id === 'ccpa'), 'California is mentioned, so the CCPA applies');
    for (const l of res.coverage.laws) assert.equal(l.total - l.present, l.missing.length);
    // The same matrix as the HTML report: every topic, one cell per law, evidence on real lines.
    const rows = (res.coverage as unknown as { rows: Array<{ topic: string; present: boolean; cells: Array<{ law: string; present: boolean } | null>; evidence: Array<{ line: number; text: string }> }> }).rows;
    assert.equal(rows.length, res.coverage.total);
    const lines = client.text(CALIFORNIA).split('\n');
    for (const r of rows) {
      assert.equal(r.cells.length, res.coverage.laws.length);
      r.cells.forEach((c, i) => {
        if (!c) return;
        const law = res.coverage.laws[i]!;
        assert.equal(c.law, law.id);
        assert.equal(c.present, !(law.missing as Array<{ topic: string }>).some((m) => m.topic === r.topic), `${r.topic} × ${law.id}`);
      });
      assert.equal(r.evidence.length > 0, r.present, `${r.topic}: evidence exactly when present`);
      for (const e of r.evidence) {
        const words = e.text.replace(/[…:].*$/, '').split(/\s+/).filter((w) => w.length > 3).slice(0, 3);
        for (const w of words) assert.ok(lines[e.line - 1]!.includes(w), `${r.topic}: "${w}" on line ${e.line}`);
      }
    }
    const lens = await client.codeLens(CALIFORNIA);
    assert.equal(lens![0]!.command!.title, res.summary);
    assert.equal(await client.connection.sendRequest('privacyLint/coverage', { uri: 'file:///not/open.md' }), null);
  });
});
