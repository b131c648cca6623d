import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/index.js';
import { codes, fix, isSubsequence, lint } from '../helpers/lint.js';

const MD = `# Acme Privacy Policy

## What we collect

We collect your name and email address when you sign up for an account.

## Contact Us

Email privacy@acme-widgets.test with any question.
`;

describe('fixes', () => {
  describe('applyEdits', () => {
    it('applies back to front, keeps same-point inserts in order and skips overlaps', () => {
      const r = applyEdits('abcdef', [
        { range: [2, 2], text: 'X' },
        { range: [2, 2], text: 'Y' },
        { range: [1, 4], text: '-' },
        { range: [6, 6], text: '!' },
      ]);
      // The replacement starting at 1 wins; the inserts inside it wait for the next pass.
      assert.equal(r.text, 'a-ef!');
      assert.equal(r.applied.length, 2);
      assert.equal(r.skipped.length, 2);
      const inserts = applyEdits('abcdef', [
        { range: [2, 2], text: 'X' },
        { range: [2, 2], text: 'Y' },
        { range: [6, 6], text: '!' },
      ]);
      assert.equal(inserts.text, 'abXYcdef!');
    });
    it('ignores edits outside the text', () => {
      const r = applyEdits('abc', [{ range: [5, 5], text: 'x' }]);
      assert.equal(r.text, 'abc');
      assert.equal(r.skipped.length, 1);
    });
  });

  describe('clause insertion', () => {
    it('inserts a missing section before the contact section, as an H2 like its siblings', () => {
      const r = lint(MD, { config: { jurisdictions: ['coppa'] } });
      const f = r.findings.find((x) => x.ruleId === 'children-age')!;
      assert.equal(f.code, 'ABSENT');
      assert.equal(f.fix!.title, 'Insert a "Children\'s Privacy" section');
      const out = applyEdits(MD, [f.fix!]).text;
      assert.ok(out.indexOf("## Children's Privacy") < out.indexOf('## Contact Us'));
      assert.ok(out.indexOf("## Children's Privacy") > out.indexOf('sign up for an account.'));
      assert.match(out, /account\.\n\n## Children's Privacy\n\nOur service is not directed to children\./);
      assert.ok(isSubsequence(MD, out));
      assert.deepEqual(codes(lint(out, { config: { jurisdictions: ['coppa'] } }), 'children-age'), []);
    });

    it('fills organisation facts from config and leaves visible placeholders otherwise', () => {
      const filled = fix(MD, { config: { jurisdictions: ['coppa'], organization: { email: 'kids@acme-widgets.test' } } });
      assert.match(filled.text, /contact us at kids@acme-widgets\.test/);
      const unfilled = fix(MD, { config: { jurisdictions: ['coppa'] } });
      assert.match(unfilled.text, /\[PRIVACY EMAIL\]/);
      assert.ok(codes(unfilled.result).includes('unfilled-placeholder:PLACEHOLDER'), 'an unfinished clause cannot pass CI');
    });

    it('numbers the new section after the last numbered one, in plain text, without renumbering', () => {
      const text = [
        'Privacy Policy',
        '',
        '10. Changes to This Policy',
        '',
        'We post changes on this page.',
        '',
        '11. Contact Us',
        '',
        'Email privacy@acme-widgets.test.',
        '',
      ].join('\n');
      const r = fix(text, { format: 'text', config: { jurisdictions: ['coppa'], rules: { 'breach-notification': 'off' } } });
      assert.match(r.text, /11\. Contact Us[\s\S]*\n\n\d+\. Children's Privacy\n\nOur service is not directed/);
      // Several clauses appended at once are numbered on from the last section: 12., 13., …
      const numbers = r.text.slice(text.length).match(/^\d+(?=\. )/gm)!.map(Number);
      assert.deepEqual(numbers, numbers.map((_, i) => 12 + i));
      assert.ok(isSubsequence(text, r.text));
      assert.deepEqual(codes(r.result, 'children-age'), []);
    });

    it('writes a plain title line with single newlines in pasted text that has no blank lines', () => {
      const text = [
        'Information We Collect',
        'We collect the email address you give us when you sign up.',
        'Contact',
        'Email privacy@acme-widgets.test with any question.',
        '',
      ].join('\n');
      const r = fix(text, { format: 'text', config: { jurisdictions: ['coppa'], rules: { 'breach-notification': 'off', 'data-use': 'off', sharing: 'off', security: 'off' } } });
      assert.match(r.text, /sign up\.\nChildren's Privacy\nOur service is not directed to children\.[^\n]*\nIf you are a parent[^\n]*\nContact\n/);
      assert.deepEqual(codes(r.result, 'children-age'), []);
    });

    it('keeps CRLF line endings and inserts in the setext style of the policy', () => {
      const text = 'Privacy Policy\r\n==============\r\n\r\nWhat we collect\r\n---------------\r\n\r\nWe collect your email address.\r\n';
      const r = fix(text, { config: { jurisdictions: ['coppa'], rules: { contact: 'off', 'breach-notification': 'off' } } });
      assert.ok(!/[^\r]\n/.test(r.text), 'every line break stays CRLF');
      assert.match(r.text, /\r\nChildren's Privacy\r\n-{18}\r\n\r\n/);
      assert.ok(isSubsequence(text, r.text));
    });

    it('adds the age to an existing children section that lacks one', () => {
      const text = '# Policy\n\n## Children\n\nWe do not knowingly collect data from children.\n\n## Contact\n\nEmail privacy@acme-widgets.test.\n';
      const r = lint(text, { config: { jurisdictions: ['coppa'] } });
      const f = r.findings.find((x) => x.code === 'CHILD-NO-AGE')!;
      const out = applyEdits(text, [f.fix!]).text;
      assert.match(out, /from children\.\n\nWe do not knowingly collect personal information from children under 13/);
      assert.deepEqual(codes(lint(out, { config: { jurisdictions: ['coppa'] } }), 'children-age'), []);
    });

    it('is idempotent: fixing a fixed policy changes nothing', () => {
      const once = fix(MD, { config: { jurisdictions: ['gdpr', 'ccpa', 'coppa', 'caloppa'] } });
      const twice = fix(once.text, { config: { jurisdictions: ['gdpr', 'ccpa', 'coppa', 'caloppa'] } });
      assert.equal(twice.text, once.text);
      assert.ok(isSubsequence(MD, once.text));
      assert.deepEqual(once.result.findings.filter((f) => f.fix).map((f) => f.ruleId), []);
    });
  });
});
