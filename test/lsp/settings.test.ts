// Settings over stdio: workspace/configuration per resource, didChangeConfiguration re-lints, a
// .privacylintrc.json that changes on disk (didChangeWatchedFiles) re-lints and wins over the editor,
// invalid settings or config files are reported and never stop the server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, fileUri, fixture, onlyRules, ruleIds } from './client.js';

const RULES = onlyRules('children-age', 'breach-notification', 'legal-bases', 'ccpa-notice');

describe('LSP settings and config files', function () {
  this.timeout(60_000);
  let dir: string;
  let policy: string;
  let uri: string;
  let client: TestClient;
  let settings: Record<string, unknown>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'privacy-lint-settings-'));
    policy = join(dir, 'privacy.md');
    writeFileSync(policy, fixture('policy-gaps.md'));
    uri = fileUri(policy);
    settings = { debounceMs: 0, rules: { ...RULES } };
  });
  afterEach(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks workspace/configuration for the document and re-lints with new jurisdictions on didChangeConfiguration', async () => {
    client = await TestClient.start({ settings: () => settings, rootPath: dir });
    client.open(uri, fixture('policy-gaps.md'));
    const first = await client.diagnosticsFor(uri, 1);
    assert.ok(client.configurationRequests.includes(uri), 'settings are asked for with the document as scopeUri');
    assert.ok(!ruleIds(first).includes('legal-bases'), 'a US policy: no GDPR legal-bases check');
    settings = { ...settings, jurisdictions: ['gdpr'] };
    const from = client.published.length;
    client.didChangeConfiguration();
    const second = await client.diagnosticsFor(uri, 1, from);
    assert.ok(ruleIds(second).includes('legal-bases'), `GDPR configured: legal-bases reported (got ${ruleIds(second).join(', ')})`);
    settings = { ...settings, jurisdictions: ['ccpa'] };
    const from2 = client.published.length;
    client.didChangeConfiguration();
    const third = await client.diagnosticsFor(uri, 1, from2);
    assert.ok(ruleIds(third).includes('ccpa-notice') && !ruleIds(third).includes('legal-bases'), ruleIds(third).join(', '));
  });

  it('asks the client to re-pull (workspace/diagnostic/refresh) when settings change in the pull model', async () => {
    client = await TestClient.start({ pull: true, settings: () => settings, rootPath: dir });
    client.open(uri, fixture('policy-gaps.md'));
    const before = await client.pull(uri);
    settings = { ...settings, jurisdictions: ['gdpr'] };
    client.didChangeConfiguration();
    await client.until(() => client.refreshes > 0, 'workspace/diagnostic/refresh');
    const after = await client.pull(uri, before.resultId);
    assert.equal(after.kind, 'full');
    if (after.kind === 'full') assert.ok(ruleIds(after.items).includes('legal-bases'));
  });

  it('registers a watcher for .privacylintrc files and re-lints when one changes on disk; the file wins over the editor', async () => {
    settings = { ...settings, rules: { ...RULES, 'children-age': 'warning' } };
    client = await TestClient.start({ settings: () => settings, rootPath: dir });
    await client.until(() => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'a watcher registration');
    const watcher = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.deepEqual(watcher.registerOptions, { watchers: [{ globPattern: '**/.privacylintrc.{json,yaml,yml}' }] });
    client.open(uri, fixture('policy-gaps.md'));
    const first = await client.diagnosticsFor(uri, 1);
    assert.equal(first.find((d) => d.code === 'children-age')?.severity, 2, 'the editor made children-age a warning');

    const rc = join(dir, '.privacylintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: { 'children-age': 'off' } }));
    const from = client.published.length;
    client.didChangeWatchedFiles([{ uri: fileUri(rc), type: 1 }]);
    const second = await client.diagnosticsFor(uri, 1, from);
    assert.ok(!ruleIds(second).includes('children-age'), 'the config file switched children-age off, over the editor setting');
    assert.ok(ruleIds(second).includes('breach-notification'));

    writeFileSync(rc, 'jurisdictions: [gdpr]\n');
    rmSync(rc);
    const yml = join(dir, '.privacylintrc.yml');
    writeFileSync(yml, 'jurisdictions: [gdpr]\n');
    const from2 = client.published.length;
    client.didChangeWatchedFiles([
      { uri: fileUri(rc), type: 3 },
      { uri: fileUri(yml), type: 1 },
    ]);
    const third = await client.diagnosticsFor(uri, 1, from2);
    assert.ok(ruleIds(third).includes('legal-bases') && ruleIds(third).includes('children-age'), ruleIds(third).join(', '));
  });

  it('ignores watched-file events for other files', async () => {
    client = await TestClient.start({ settings: () => settings, rootPath: dir });
    client.open(uri, fixture('policy-gaps.md'));
    await client.diagnosticsFor(uri, 1);
    const from = client.published.length;
    client.didChangeWatchedFiles([{ uri: fileUri(join(dir, 'notes.md')), type: 2 }]);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(client.published.length, from);
  });

  it('reports an invalid config file on line 0 and once as a message, and keeps linting', async () => {
    const rc = join(dir, '.privacylintrc.json');
    writeFileSync(rc, '{ "rules": { "children-agee": "off" } }');
    client = await TestClient.start({ settings: () => settings, rootPath: dir });
    client.open(uri, fixture('policy-gaps.md'));
    const diags = await client.diagnosticsFor(uri, 1);
    const bad = diags.find((d) => d.code === 'invalid-config');
    assert.ok(bad, 'a config diagnostic');
    assert.equal(bad.range.start.line, 0);
    assert.match(String(bad.message), /children-agee.*did you mean "children-age"/);
    assert.equal(bad.relatedInformation![0]!.location.uri, fileUri(rc));
    assert.ok(ruleIds(diags).includes('children-age'), 'linting goes on without the bad file');
    await client.until(() => client.messages.find((m) => /invalid config/.test(m)), 'a window/showMessage');
    // Another document under the same bad config: no second message.
    const other = fileUri(join(dir, 'other-privacy.md'));
    client.open(other, fixture('policy-ages.md'));
    await client.diagnosticsFor(other, 1);
    assert.equal(client.messages.filter((m) => /invalid config/.test(m)).length, 1);
    // Fixed on disk: the diagnostic goes away.
    writeFileSync(rc, '{ "rules": { "children-age": "off" } }');
    const from = client.published.length;
    client.didChangeWatchedFiles([{ uri: fileUri(rc), type: 2 }]);
    const fixed = await client.diagnosticsFor(uri, 1, from);
    assert.ok(!ruleIds(fixed).includes('invalid-config') && !ruleIds(fixed).includes('children-age'), ruleIds(fixed).join(', '));
  });

  it('drops only the bad keys of invalid editor settings, and says so', async () => {
    settings = { debounceMs: 'soon', jurisdictions: ['gdpr', 'atlantis'], rules: { ...RULES, 'no-such-rule': 'error', 'children-age': 'info' } };
    client = await TestClient.start({ settings: () => settings, rootPath: dir });
    client.open(uri, fixture('policy-gaps.md'));
    const diags = await client.diagnosticsFor(uri, 1);
    assert.equal(diags.find((d) => d.code === 'children-age')?.severity, 3, 'the valid rule setting still applies');
    await client.until(() => client.messages.filter((m) => /invalid setting/.test(m)).length >= 3, 'three messages');
    assert.ok(client.messages.some((m) => /atlantis/.test(m)));
    assert.ok(client.messages.some((m) => /no-such-rule/.test(m)));
    assert.ok(client.messages.some((m) => /debounceMs/.test(m)));
  });

  it('takes settings from didChangeConfiguration and initializationOptions when the client has no workspace/configuration', async () => {
    client = await TestClient.start({ rootPath: dir, initializationOptions: { privacyLint: { debounceMs: 0, rules: RULES, jurisdictions: ['gdpr'] } } });
    client.open(uri, fixture('policy-gaps.md'));
    const first = await client.diagnosticsFor(uri, 1);
    assert.ok(ruleIds(first).includes('legal-bases'), ruleIds(first).join(', '));
    const from = client.published.length;
    client.didChangeConfiguration({ privacyLint: { debounceMs: 0, rules: RULES, jurisdictions: ['ccpa'] } });
    const second = await client.diagnosticsFor(uri, 1, from);
    assert.ok(ruleIds(second).includes('ccpa-notice') && !ruleIds(second).includes('legal-bases'), ruleIds(second).join(', '));
  });

  it('enable: false reports nothing', async () => {
    settings = { ...settings, enable: false };
    client = await TestClient.start({ settings: () => settings, rootPath: dir });
    client.open(uri, fixture('policy-gaps.md'));
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    assert.deepEqual(await client.codeLens(uri), []);
  });

  it('audience and rulesEdition settings reach the engine; a bad edition is reported and dropped', async () => {
    settings = { debounceMs: 0, jurisdictions: ['coppa'], rules: onlyRules('coppa-direct-notice', 'children-general-audience') };
    client = await TestClient.start({ settings: () => settings, rootPath: dir });
    client.open(uri, fixture('policy-gaps.md'));
    const general = ruleIds(await client.diagnosticsFor(uri, 1));
    assert.ok(!general.includes('coppa-direct-notice'), `not directed to children: no COPPA direct notice (got ${general.join(', ')})`);

    settings = { ...settings, audience: 'child-directed' };
    let from = client.published.length;
    client.didChangeConfiguration();
    const directed = ruleIds(await client.diagnosticsFor(uri, 1, from));
    assert.ok(directed.includes('coppa-direct-notice'), `child-directed: COPPA direct notice checked (got ${directed.join(', ')})`);

    // coppa-direct-notice applies from 1 July 2013: an edition pinned before it switches it off.
    settings = { ...settings, rulesEdition: '2012-01-01' };
    from = client.published.length;
    client.didChangeConfiguration();
    const pinned = ruleIds(await client.diagnosticsFor(uri, 1, from));
    assert.ok(!pinned.includes('coppa-direct-notice'), `edition 2012: rule not in force (got ${pinned.join(', ')})`);

    settings = { ...settings, rulesEdition: 'last year' };
    from = client.published.length;
    client.didChangeConfiguration();
    const back = ruleIds(await client.diagnosticsFor(uri, 1, from));
    assert.ok(back.includes('coppa-direct-notice'), 'a bad edition is dropped, not applied');
    await client.until(() => client.messages.some((m) => /rulesEdition/.test(m)), 'a message naming rulesEdition');
  });
});
