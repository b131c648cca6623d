import assert from 'node:assert/strict';
import { codes, lint } from '../helpers/lint.js';

const cfg = { config: { jurisdictions: ['coppa' as const] } };

describe('inline suppression', () => {
  it('disable … enable covers the text between the comments', () => {
    const text = '# P\n\n<!-- privacy-lint-disable unfilled-placeholder -- template on purpose -->\n\n[COMPANY NAME] here.\n\n<!-- privacy-lint-enable unfilled-placeholder -->\n\n[COMPANY NAME] there.\n';
    const r = lint(text, cfg);
    const ph = r.findings.filter((f) => f.ruleId === 'unfilled-placeholder');
    assert.equal(ph.length, 1);
    assert.equal(r.doc.lines.lineAt(ph[0]!.span.start), 8);
    assert.equal(r.suppressed.filter((f) => f.ruleId === 'unfilled-placeholder').length, 1);
  });

  it('a disable never re-enabled suppresses a missing-section finding wherever it sits', () => {
    const text = '# P\n\nWe collect your email. Contact privacy@acme-widgets.test.\n\n<!-- privacy-lint-disable children-age -- adults-only B2B tool -->\n';
    assert.ok(!codes(lint(text, cfg)).includes('children-age:ABSENT'));
    assert.ok(codes(lint(text.replace('children-age', 'contact'), cfg)).includes('children-age:ABSENT'));
  });

  it('disable-next-line covers the next line with content, tolerating one blank line', () => {
    const text = '# P\n\n<!-- privacy-lint-disable-next-line unfilled-placeholder -->\n\n[COMPANY NAME] here.\n\n[COMPANY NAME] there.\n';
    const r = lint(text, cfg);
    assert.equal(r.findings.filter((f) => f.ruleId === 'unfilled-placeholder').length, 1);
  });

  it('disable-file and a bare disable cover every rule named (or all)', () => {
    const text = '<!-- privacy-lint-disable-file -->\n# P\n\n[COMPANY NAME]\n';
    assert.deepEqual(lint(text, cfg).findings, []);
  });
});
