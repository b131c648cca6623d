// The extension's vscode-free parts: which files are policies (the language client's selector) and how
// coverage is shown. The rest of the client needs VS Code and is covered by test/e2e/vscode.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clauseChoices, coverageRows, isCoverageResult, statusText, tooltipMarkdown, topicLabel, type CoverageResult } from '../../client/src/coverage-view.js';
import { DEFAULT_FILES, POLICY_LANGUAGE, cleanGlobs, policySelector } from '../../client/src/policy-files.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(root + 'package.json', 'utf8'));

describe('client: policy files', () => {
  it('DEFAULT_FILES is the default of privacyLint.files in package.json', () => {
    assert.deepEqual(pkg.contributes.configuration.properties['privacyLint.files'].default, DEFAULT_FILES);
  });

  it('cleans user globs', () => {
    assert.deepEqual(cleanGlobs([' **/a.md ', '', 3, null, 'docs\\b.md', '**/a.md']), ['**/a.md', 'docs/b.md']);
    assert.deepEqual(cleanGlobs('**/*.md'), []);
    assert.deepEqual(cleanGlobs(undefined), []);
  });

  it('scopes each folder’s globs to that folder, for Markdown and plain text', () => {
    const sel = policySelector([
      { uri: 'file:///ws/a', files: ['**/*privacy*.md'] },
      { uri: 'file:///ws/b', files: [] },
    ]);
    assert.deepEqual(sel, [
      { language: 'markdown', pattern: { baseUri: 'file:///ws/a', pattern: '**/*privacy*.md' } },
      { language: 'plaintext', pattern: { baseUri: 'file:///ws/a', pattern: '**/*privacy*.md' } },
      { language: POLICY_LANGUAGE, scheme: 'file' },
      { language: POLICY_LANGUAGE, scheme: 'untitled' },
    ]);
  });

  it('matches loose files by absolute path when no folder is open', () => {
    const sel = policySelector([], ['policies/*.md', '**/PRIVACY.md', '/srv/p.txt']);
    const patterns = sel.filter((f) => f.language === 'markdown').map((f) => f.pattern);
    assert.deepEqual(patterns, ['**/policies/*.md', '**/PRIVACY.md', '/srv/p.txt']);
    assert.ok(sel.every((f) => f.scheme === 'file' || f.language === POLICY_LANGUAGE));
  });

  it('always includes the privacy-policy language, even with no globs', () => {
    assert.deepEqual(policySelector([{ uri: 'file:///ws', files: undefined }], undefined).map((f) => f.language), [POLICY_LANGUAGE, POLICY_LANGUAGE]);
  });
});

const sample: CoverageResult = {
  summary: '14/19 disclosures · GDPR 11/13 · COPPA 2/2',
  coverage: {
    present: 14,
    total: 19,
    laws: [
      { id: 'gdpr', name: 'GDPR', present: 11, total: 13, reason: 'configured', missing: [{ topic: 'children', provision: 'Art. 8(1)' }, { topic: 'dpo', provision: 'Art. 13(1)(b)' }] },
      { id: 'coppa', name: 'COPPA', present: 2, total: 2, reason: 'mentions children', missing: [] },
    ],
  },
};
const catalogue = {
  clauses: [
    { rule: 'contact', topic: 'contact', heading: 'Contact Us', title: 'Privacy contact details' },
    { rule: 'children-age', topic: 'children', heading: "Children's Privacy", title: "Children's age threshold" },
  ],
  topics: { children: 'Children', dpo: 'Data Protection Officer or representative' },
};

describe('client: coverage view', () => {
  it('recognises a coverage answer', () => {
    assert.ok(isCoverageResult(sample));
    assert.ok(!isCoverageResult(null));
    assert.ok(!isCoverageResult({ summary: 'x' }));
  });

  it('status text carries the server’s summary and says when something is missing', () => {
    assert.equal(statusText(sample), '$(law) 14/19 disclosures · GDPR 11/13 · COPPA 2/2');
    const complete = { ...sample, coverage: { ...sample.coverage, laws: [sample.coverage.laws[1]!] } };
    assert.ok(statusText(complete).startsWith('$(pass) '));
  });

  it('tooltip lists each law with its missing topics and provisions', () => {
    const md = tooltipMarkdown(sample, 'docs/privacy_policy.md', catalogue.topics);
    assert.match(md, /\*\*GDPR\*\* 11\/13 · missing: Children \(Art\. 8\(1\)\), Data Protection Officer or representative \(Art\. 13\(1\)\(b\)\)/);
    assert.match(md, /\*\*COPPA\*\* 2\/2 · complete _\(mentions children\)_/);
    assert.match(md, /docs\/privacy\\_policy\.md/);
  });

  it('picker rows: a header per law, missing topics with their clause when there is one', () => {
    const rows = coverageRows(sample, catalogue);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.label, r.clauseRule]),
      [
        ['law', 'GDPR 11/13', undefined],
        ['missing', '$(circle-slash) Children', 'children-age'],
        ['missing', '$(circle-slash) Data Protection Officer or representative', undefined],
        ['law', 'COPPA 2/2', undefined],
        ['complete', '$(pass) All 2 disclosures present', undefined],
      ],
    );
  });

  it('picker rows: covered topics after the laws, with the laws that ask and the first evidence line', () => {
    const withMatrix: CoverageResult = {
      ...sample,
      coverage: {
        ...sample.coverage,
        rows: [
          { topic: 'contact', title: 'Contact details', present: true, cells: [{ law: 'gdpr', provision: 'Art. 13(1)(a)', present: true }, null], evidence: [{ line: 40, kind: 'heading', text: 'Contact us: Write to us.' }] },
          { topic: 'children', title: 'Children', present: false, cells: [{ law: 'gdpr', provision: 'Art. 8(1)', present: false }, null], evidence: [] },
          // Disclosed, but no applicable law asks for it: not listed.
          { topic: 'do-not-track', title: 'Do Not Track', present: true, cells: [null, null], evidence: [{ line: 9, kind: 'sentence', text: 'We ignore DNT.' }] },
        ],
      },
    };
    const covered = coverageRows(withMatrix, catalogue).filter((r) => r.kind.startsWith('covered'));
    assert.deepEqual(
      covered.map((r) => [r.kind, r.label, r.description, r.detail, r.line]),
      [
        ['covered-header', 'Covered 1', undefined, undefined, undefined],
        ['covered', '$(pass) Contact details', 'GDPR Art. 13(1)(a)', 'Line 40: Contact us: Write to us.', 39],
      ],
    );
    assert.ok(!coverageRows(sample, catalogue).some((r) => r.kind.startsWith('covered')), 'an older server sends no rows: nothing to list');
  });

  it('clause choices put missing clauses first and say which laws ask', () => {
    const choices = clauseChoices(catalogue.clauses, sample);
    assert.deepEqual(choices.map((c) => c.clause.rule), ['children-age', 'contact']);
    assert.deepEqual(choices[0]!.missingFor, ['GDPR Art. 8(1)']);
    assert.deepEqual(clauseChoices(catalogue.clauses, undefined).map((c) => c.clause.rule), ['contact', 'children-age']);
  });

  it('topic labels fall back to the id in words', () => {
    assert.equal(topicLabel('international-transfers'), 'International transfers');
    assert.equal(topicLabel('dpo', catalogue.topics), 'Data Protection Officer or representative');
    assert.equal(topicLabel('constructor', {}), 'Constructor');
  });
});
