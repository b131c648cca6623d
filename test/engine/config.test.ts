import assert from 'node:assert/strict';
import { ConfigError, mergeConfig, parseConfigText } from '../../server/src/engine/index.js';
import { lint } from '../helpers/lint.js';

const RULES = ['children-age', 'contact'];

describe('configuration', () => {
  it('reads JSON and YAML', () => {
    assert.deepEqual(parseConfigText('{"jurisdictions":["gdpr"],"rules":{"contact":"warn"}}', '.privacylintrc.json', RULES), {
      jurisdictions: ['gdpr'],
      rules: { contact: 'warning' },
    });
    assert.deepEqual(parseConfigText('jurisdictions: auto\norganization:\n  name: Acme Ltd\n', '.privacylintrc.yaml', RULES), {
      jurisdictions: 'auto',
      organization: { name: 'Acme Ltd' },
    });
    assert.deepEqual(parseConfigText('', '.privacylintrc.yaml', RULES), {});
  });

  it('names the file and the key in every error', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['{"rules":{"children-agee":"off"}}', 'a.json', /^a\.json: "rules\.children-agee": unknown rule \(did you mean "children-age"\?\)/],
      ['{"jurisdictions":["gdrp"]}', 'a.json', /^a\.json: "jurisdictions\[0\]": unknown jurisdiction "gdrp"/],
      ['{"rules":{"contact":"loud"}}', 'a.json', /"rules\.contact": must be one of/],
      ['{"organisation":{}}', 'a.json', /"organisation": unknown setting \(did you mean "organization"\?\)/],
      ['{"organization":{"mail":"x"}}', 'a.json', /"organization\.mail": unknown field/],
      ['{"maxFileSize":-1}', 'a.json', /"maxFileSize": must be a positive number/],
      ['{ "rules": ', 'b.json', /^b\.json: is not valid JSON/],
      ['rules: [unclosed', 'c.yaml', /^c\.yaml: is not valid YAML/],
      ['[1,2]', 'd.json', /^d\.json: must be an object/],
    ];
    for (const [text, file, re] of cases) {
      assert.throws(() => parseConfigText(text, file, RULES), (e: unknown) => e instanceof ConfigError && re.test(e.message), `${text} → ${re}`);
    }
  });

  it('merges layers, later ones winning key by key', () => {
    const m = mergeConfig({ rules: { contact: 'off' }, organization: { name: 'A' } }, { rules: { 'children-age': 'warning' }, organization: { email: 'e@a.test' } });
    assert.deepEqual(m.rules, { contact: 'off', 'children-age': 'warning' });
    assert.deepEqual(m.organization, { name: 'A', email: 'e@a.test' });
    assert.equal(m.jurisdictions, 'auto');
  });

  it('applies rule severities and switches rules off', () => {
    const text = '# Privacy Policy\n\nWe collect your email.\n';
    const base = lint(text, { config: { jurisdictions: ['coppa'] } });
    assert.equal(base.findings.find((f) => f.ruleId === 'children-age')!.severity, 'error');
    const warned = lint(text, { config: { jurisdictions: ['coppa'], rules: { 'children-age': 'warning' } } });
    assert.equal(warned.findings.find((f) => f.ruleId === 'children-age')!.severity, 'warning');
    const off = lint(text, { config: { jurisdictions: ['coppa'], rules: { 'children-age': 'off' } } });
    assert.equal(off.findings.find((f) => f.ruleId === 'children-age'), undefined);
  });

  it('infers jurisdictions from the text when config says auto, and says why', () => {
    const eu = lint('# Privacy Policy\n\nWe process personal data under the GDPR.\n');
    assert.ok(eu.applicability.has('gdpr'));
    const lb = eu.findings.find((f) => f.ruleId === 'legal-bases')!;
    assert.match(lb.appliesBecause!, /GDPR applies: the policy mentions "GDPR" \(line 3\)/);
    const plain = lint('# Privacy Policy\n\nWe collect your email.\n');
    assert.ok(!plain.applicability.has('gdpr'));
    assert.ok(plain.applicability.has('coppa'), 'no place named: the US baseline applies');
  });
});
