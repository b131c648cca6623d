// Diagnostics from the real server over stdio: pushed on open and after a debounced change, pulled
// (LSP 3.17) with resultIds when the client asks for that model, and never both.
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DocumentDiagnosticReportKind, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { REPO, TestClient, fileUri, fixture, fixtureUri, onlyRules, ruleIds } from './client.js';

const GAPS = fixtureUri('policy-gaps.md');
const CALIFORNIA = fixtureUri('policy-california.md');
const AGES = fixtureUri('policy-ages.md');
const RULES = onlyRules('breach-notification', 'children-age', 'ccpa-notice');
const PLAIN = fixtureUri('policy-plain.txt');

describe('LSP diagnostics (push)', function () {
  this.timeout(60_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: () => ({ debounceMs: 50, rules: RULES }) });
  });
  after(() => client.stop());

  it('publishes findings with rule ids, docs links, severities and fix data when a policy opens', async () => {
    client.open(GAPS, fixture('policy-gaps.md'));
    const diags = await client.diagnosticsFor(GAPS, 1);
    assert.deepEqual(ruleIds(diags), ['breach-notification', 'children-age']);
    const child = diags.find((d) => d.code === 'children-age')!;
    assert.equal(child.source, 'privacy-lint');
    assert.equal(child.severity, DiagnosticSeverity.Error);
    assert.match(String(child.message), /COPPA 16 CFR §312\.4\(d\)/, 'the citation is in the message');
    // docs/rules/<id>.md in the package root, found at run time from out/server/src/lsp/.
    assert.equal(child.codeDescription!.href, fileUri(`${REPO}docs/rules/children-age.md`));
    const data = child.data as { ruleId: string; code: string; version: number; fix: { title: string; range: [number, number] } };
    assert.equal(data.ruleId, 'children-age');
    assert.equal(data.code, 'ABSENT');
    assert.equal(data.version, 1);
    assert.equal(data.fix.title, 'Insert a "Children\'s Privacy" section');
    assert.equal(data.fix.range[0], data.fix.range[1], 'fixes only insert');
    // The title of the policy (line 6 after the front matter) anchors findings about the whole document.
    assert.equal(child.range.start.line, 5);
    const info = diags.find((d) => d.code === 'breach-notification')!;
    assert.equal(info.severity, DiagnosticSeverity.Information);
  });

  it('links evidence as related information', async () => {
    client.open(AGES, fixture('policy-ages.md'));
    const diags = await client.diagnosticsFor(AGES, 1);
    const age = diags.find((d) => d.code === 'children-age')!;
    assert.equal((age.data as { code: string }).code, 'CHILD-AGE-INCONSISTENT');
    const related = age.relatedInformation ?? [];
    assert.deepEqual(
      related.map((r) => [r.location.uri, r.location.range.start.line]),
      [
        [AGES, 12],
        [AGES, 16],
      ],
    );
    assert.match(related[0]!.message, /13/);
  });

  it('reports deficiencies inside sections where they are', async () => {
    client.open(CALIFORNIA, fixture('policy-california.md'));
    const diags = await client.diagnosticsFor(CALIFORNIA, 1);
    const age = diags.find((d) => d.code === 'children-age')!;
    assert.equal((age.data as { code: string }).code, 'CHILD-NO-AGE');
    assert.equal(age.range.start.line, 17);
    assert.ok(diags.some((d) => d.code === 'ccpa-notice' && d.range.start.line === 26));
  });

  it('re-lints after a debounced change and tags the result with the new version', async () => {
    const from = client.published.length;
    const doc = client.docs.get(GAPS)!;
    const at = doc.positionAt(doc.getText().indexOf('## Contact Us'));
    const v = client.change(GAPS, [
      {
        range: { start: at, end: at },
        text: "## Children\n\nThe app is for adults. We do not knowingly collect personal information from children under 13.\n\n",
      },
    ]);
    const diags = await client.diagnosticsFor(GAPS, v, from);
    assert.deepEqual(ruleIds(diags), ['breach-notification']);
    for (const d of diags) assert.equal((d.data as { version: number }).version, v);
  });

  it('debounces a burst of keystrokes into one lint', async () => {
    const from = client.published.length;
    let v = 0;
    for (const ch of 'Hello') {
      const doc = client.docs.get(GAPS)!;
      const end = doc.positionAt(doc.getText().length);
      v = client.change(GAPS, [{ range: { start: end, end }, text: ch }]);
    }
    await client.diagnosticsFor(GAPS, v, from);
    await new Promise((r) => setTimeout(r, 150));
    const forGaps = client.published.slice(from).filter((p) => p.uri === GAPS);
    assert.equal(forGaps.length, 1, `one publish for five quick changes, got versions ${forGaps.map((p) => p.version).join(', ')}`);
  });

  it('lints plain text too', async () => {
    client.open(PLAIN, fixture('policy-plain.txt'), 'plaintext');
    const diags = await client.diagnosticsFor(PLAIN, 1);
    assert.deepEqual(ruleIds(diags), ['breach-notification', 'children-age']);
  });

  it('clears the diagnostics of a closed document', async () => {
    const from = client.published.length;
    client.close(PLAIN);
    const diags = await client.diagnosticsFor(PLAIN, undefined, from);
    assert.deepEqual(diags, []);
  });
});

describe('LSP diagnostics (pull, LSP 3.17)', function () {
  this.timeout(60_000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ pull: true, settings: () => ({ debounceMs: 0, rules: RULES }) });
  });
  after(() => client.stop());

  it('answers textDocument/diagnostic with a full report and a resultId', async () => {
    client.open(GAPS, fixture('policy-gaps.md'));
    const report = await client.pull(GAPS);
    assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
    assert.ok(report.resultId);
    if (report.kind !== 'full') return;
    assert.deepEqual(ruleIds(report.items), ['breach-notification', 'children-age']);
  });

  it('answers unchanged when nothing changed since the previous resultId', async () => {
    const first = await client.pull(GAPS);
    const again = await client.pull(GAPS, first.resultId);
    assert.equal(again.kind, DocumentDiagnosticReportKind.Unchanged);
    assert.equal(again.resultId, first.resultId);
  });

  it('gives a new full report after a change', async () => {
    const first = await client.pull(GAPS);
    const doc = client.docs.get(GAPS)!;
    const end = doc.positionAt(doc.getText().length);
    const v = client.change(GAPS, [{ range: { start: end, end }, text: '\nOne more line.\n' }]);
    const next = await client.pull(GAPS, first.resultId);
    assert.equal(next.kind, DocumentDiagnosticReportKind.Full);
    assert.notEqual(next.resultId, first.resultId);
    if (next.kind !== 'full') return;
    for (const d of next.items as Diagnostic[]) assert.equal((d.data as { version: number }).version, v);
  });

  it('does not also push diagnostics for open documents', async () => {
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      client.published.filter((p) => p.uri === GAPS && p.diagnostics.length),
      [],
    );
  });

  it('advertises the pull provider', async () => {
    // A pull for a document that is not open is answered (empty), not an error.
    const report = await client.pull('file:///nowhere/not-open.md');
    assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
  });
});
