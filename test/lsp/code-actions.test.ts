// Code actions over stdio: the client applies the returned WorkspaceEdit itself, re-lints, and checks the
// finding is gone and that no original text was lost (insert-only fixes). Stale versions are refused.
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { Linter, mergeConfig, type ConfigInput } from '../../server/src/engine/index.js';
import { TestClient, fixture, fixtureUri, isSubsequence, onlyRules, ruleIds } from './client.js';

const GAPS = fixtureUri('policy-gaps.md');
const CALIFORNIA = fixtureUri('policy-california.md');
const PLAIN = fixtureUri('policy-plain.txt');
const SETTINGS = {
  debounceMs: 0,
  organization: { email: 'privacy@quillmoss.example' },
  rules: onlyRules('children-age', 'breach-notification', 'ccpa-notice', 'legal-bases'),
};

/** What the engine's own fix loop makes of a text under the same settings: the server must produce exactly this. */
function engineFix(uri: string, text: string): string {
  const layer: ConfigInput = { organization: SETTINGS.organization, rules: SETTINGS.rules as ConfigInput['rules'] };
  return new Linter().fix({ uri, text, format: uri.endsWith('.md') ? 'markdown' : 'text' }, { config: mergeConfig(layer) }).text;
}

describe('LSP code actions', function () {
  this.timeout(60_000);
  let client: TestClient;
  beforeEach(async () => {
    client = await TestClient.start({ settings: () => SETTINGS });
  });
  afterEach(() => client.stop());

  async function openAndLint(uri: string, name: string, languageId = 'markdown') {
    client.open(uri, fixture(name), languageId);
    return client.diagnosticsFor(uri, 1);
  }

  it('offers one preferred quickfix per fixable finding, titled by the engine', async () => {
    const diags = await openAndLint(GAPS, 'policy-gaps.md');
    const child = diags.find((d) => d.code === 'children-age')!;
    const actions = await client.codeActions(GAPS, [child]);
    const quick = actions.filter((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.deepEqual(
      quick.map((a) => a.title),
      ['Insert a "Children\'s Privacy" section'],
    );
    assert.deepEqual(quick[0]!.diagnostics, [child]);
    // The edit is versioned, so an editor refuses it once the document has moved on.
    const dc = quick[0]!.edit!.documentChanges![0]! as { textDocument: { version: number }; edits: Array<{ range: { start: unknown; end: unknown } }> };
    assert.equal(dc.textDocument.version, 1);
    assert.deepEqual(dc.edits[0]!.range.start, dc.edits[0]!.range.end, 'a pure insertion');
  });

  it('applying the quickfix clears the finding and loses no text', async () => {
    const diags = await openAndLint(GAPS, 'policy-gaps.md');
    const original = client.text(GAPS);
    const child = diags.find((d) => d.code === 'children-age')!;
    const [fix] = (await client.codeActions(GAPS, [child])).filter((a) => a.isPreferred);
    const from = client.published.length;
    client.applyWorkspaceEdit(fix!.edit!);
    const after = await client.diagnosticsFor(GAPS, 2, from);
    assert.ok(!ruleIds(after).includes('children-age'), 'children-age is cleared');
    assert.ok(ruleIds(after).includes('breach-notification'), 'the other finding stays');
    const fixed = client.text(GAPS);
    assert.ok(isSubsequence(original, fixed), 'the original text survives as a subsequence');
    assert.match(fixed, /## Children's Privacy\n\n[^\n]+\n\n[^\n]*privacy@quillmoss\.example[^\n]*\n\n## Contact Us/, 'the clause sits before the contact section, with the configured email');
  });

  it('fixes a deficiency inside an existing section, and every quickfix of a policy applies cleanly', async () => {
    let diags = await openAndLint(CALIFORNIA, 'policy-california.md');
    const original = client.text(CALIFORNIA);
    // Apply the preferred quickfix of each fixable diagnostic, one at a time, re-linting in between.
    for (let round = 0; round < 30; round++) {
      const fixable = diags.find((d) => (d.data as { fix?: unknown }).fix);
      if (!fixable) break;
      const [fix] = (await client.codeActions(CALIFORNIA, [fixable])).filter((a) => a.isPreferred);
      assert.ok(fix?.edit, `a quickfix for ${String(fixable.code)}`);
      const before = client.docs.get(CALIFORNIA)!.version;
      const from = client.published.length;
      client.applyWorkspaceEdit(fix.edit);
      diags = await client.diagnosticsFor(CALIFORNIA, before + 1, from);
      const same = diags.filter((d) => d.code === fixable.code && (d.data as { code: string }).code === (fixable.data as { code: string }).code);
      assert.equal(same.length, 0, `"${fix.title}" cleared ${String(fixable.code)} ${(fixable.data as { code: string }).code}`);
    }
    assert.deepEqual(
      diags.filter((d) => (d.data as { fix?: unknown }).fix),
      [],
    );
    assert.ok(isSubsequence(original, client.text(CALIFORNIA)));
  });

  it('"Fix all missing sections" (source.fixAll.privacyLint) resolves to insertions that clear every fixable finding', async () => {
    await client.stop();
    client = await TestClient.start({ resolveEdits: true, settings: () => SETTINGS });
    const diags = await openAndLint(CALIFORNIA, 'policy-california.md');
    const original = client.text(CALIFORNIA);
    const actions = await client.codeActions(CALIFORNIA, [], diags[0]!.range, ['source.fixAll']);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all missing sections', 'source.fixAll.privacyLint']],
    );
    assert.equal(actions[0]!.edit, undefined, 'the edit is computed on resolve');
    const resolved = await client.resolve(actions[0]!);
    const edits = (resolved.edit!.documentChanges![0] as { edits: Array<{ range: { start: object; end: object }; newText: string }> }).edits;
    assert.ok(edits.length >= 2, 'several insertions, not one replacement of the document');
    for (const e of edits) assert.deepEqual(e.range.start, e.range.end, 'insertions only');
    const from = client.published.length;
    client.applyWorkspaceEdit(resolved.edit!);
    const after = await client.diagnosticsFor(CALIFORNIA, 2, from);
    assert.equal(client.text(CALIFORNIA), engineFix(CALIFORNIA, original), 'the same text as the engine\'s fix loop');
    assert.deepEqual(
      after.filter((d) => (d.data as { fix?: unknown }).fix).map((d) => `${String(d.code)} ${(d.data as { code: string }).code}`),
      [],
    );
    assert.ok(isSubsequence(original, client.text(CALIFORNIA)));
  });

  it('fix-all comes with its edit for clients without codeAction/resolve', async () => {
    const diags = await openAndLint(GAPS, 'policy-gaps.md');
    const original = client.text(GAPS);
    const actions = await client.codeActions(GAPS, [], diags[0]!.range, ['source.fixAll.privacyLint']);
    assert.equal(actions.length, 1);
    assert.ok(actions[0]!.edit);
    const from = client.published.length;
    client.applyWorkspaceEdit(actions[0]!.edit!);
    const after = await client.diagnosticsFor(GAPS, 2, from);
    assert.equal(client.text(GAPS), engineFix(GAPS, original));
    assert.deepEqual(ruleIds(after), []);
  });

  it('"Disable <rule> for this file" inserts a directive after the front matter and silences the rule', async () => {
    const diags = await openAndLint(GAPS, 'policy-gaps.md');
    const child = diags.find((d) => d.code === 'children-age')!;
    const disable = (await client.codeActions(GAPS, [child])).find((a) => a.title === 'Disable children-age for this file');
    assert.ok(disable?.edit);
    assert.notEqual(disable.isPreferred, true);
    const from = client.published.length;
    client.applyWorkspaceEdit(disable.edit);
    const after = await client.diagnosticsFor(GAPS, 2, from);
    assert.deepEqual(ruleIds(after), ['breach-notification']);
    const lines = client.text(GAPS).split('\n');
    assert.deepEqual(lines.slice(0, 4), ['---', 'title: Privacy Policy', 'owner: legal team', '---'], 'front matter untouched');
    assert.match(lines[4]!, /^<!-- privacy-lint-disable-file children-age -- reason: .+ -->$/);
  });

  it('does not offer the disable directive for plain text (it has no comments)', async () => {
    const diags = await openAndLint(PLAIN, 'policy-plain.txt', 'plaintext');
    const actions = await client.codeActions(PLAIN, diags);
    assert.ok(actions.some((a) => a.isPreferred));
    assert.equal(actions.filter((a) => a.title.startsWith('Disable')).length, 0);
  });

  it('refuses code actions computed for a stale document version', async () => {
    const diags = await openAndLint(GAPS, 'policy-gaps.md');
    const child = diags.find((d) => d.code === 'children-age')!;
    // The user types before the editor asks for the actions of the old diagnostics.
    const v = client.change(GAPS, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: 'x' }]);
    await client.diagnosticsFor(GAPS, v);
    const actions = await client.codeActions(GAPS, [child]);
    assert.deepEqual(
      actions.filter((a) => a.kind === 'quickfix'),
      [],
    );
    await client.until(() => client.logs.some((l) => /refused 1 code action.*older version/.test(l)), 'the refusal in the log');
  });

  it('refuses to resolve fix-all for a stale version', async () => {
    await client.stop();
    client = await TestClient.start({ resolveEdits: true, settings: () => SETTINGS });
    const diags = await openAndLint(GAPS, 'policy-gaps.md');
    const [fixAll] = await client.codeActions(GAPS, [], diags[0]!.range, ['source.fixAll']);
    const v = client.change(GAPS, [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: 'y' }]);
    await client.diagnosticsFor(GAPS, v);
    const resolved: CodeAction = await client.resolve(fixAll!);
    assert.equal(resolved.edit, undefined);
  });

  it('privacyLint.fixAll and privacyLint.insertClause apply their edits through workspace/applyEdit', async () => {
    await openAndLint(GAPS, 'policy-gaps.md');
    const original = client.text(GAPS);
    const inserted = (await client.command('privacyLint.insertClause', [GAPS, 'legal-bases'])) as { applied: boolean; title: string };
    assert.deepEqual(inserted, { applied: true, title: 'Insert a "Legal Bases for Processing" section' });
    assert.match(client.text(GAPS), /## Legal Bases for Processing/);
    const byTopic = (await client.command('privacyLint.insertClause', [GAPS, 'children'])) as { applied: boolean };
    assert.equal(byTopic.applied, true);
    await client.diagnosticsFor(GAPS, 3);
    const before = client.text(GAPS);
    const res = (await client.command('privacyLint.fixAll', [GAPS])) as { applied: boolean; fixed: number };
    assert.equal(res.applied, true);
    const after: Diagnostic[] = await client.diagnosticsFor(GAPS, 4);
    assert.equal(client.text(GAPS), engineFix(GAPS, before));
    assert.deepEqual(ruleIds(after), []);
    assert.ok(isSubsequence(original, client.text(GAPS)));
    await assert.rejects(client.command('privacyLint.insertClause', [GAPS, 'no-such-rule']), /must be one of/);
    await assert.rejects(client.command('privacyLint.fixAll', ['file:///not/open.md']), /is not open/);
  });
});
