// Every rule's ok / not-ok examples in rules/*.yaml run here (remark-lint style): ok examples must
// produce no finding of the rule, not-ok examples must produce each listed code, and every fix a
// not-ok example offers must clear its finding and be idempotent.
import assert from 'node:assert/strict';
import { Linter, builtinCatalogue, mergeConfig, type ExampleSpec, type RuleSpec } from '../../server/src/engine/index.js';

const TODAY = new Date(Date.UTC(2026, 10, 23));
const linter = new Linter();

function run(rule: RuleSpec, ex: ExampleSpec) {
  const jurisdictions = ex.jurisdictions ?? (rule.jurisdictions.length ? rule.jurisdictions : 'auto');
  const config = mergeConfig({ jurisdictions });
  const input = { uri: `example.${ex.format === 'text' ? 'txt' : 'md'}`, text: ex.text, format: ex.format ?? 'markdown' } as const;
  return { input, config, result: linter.lint(input, { config, today: TODAY }) };
}

describe('rule examples (rules/*.yaml)', () => {
  for (const rule of builtinCatalogue().rules) {
    describe(rule.id, () => {
      it('has ok and not-ok examples', () => {
        assert.ok(rule.examples.ok.length > 0, `${rule.id} has no ok example`);
        assert.ok(rule.examples.notOk.length > 0, `${rule.id} has no not-ok example`);
      });
      for (const ex of rule.examples.ok) {
        it(`ok: ${ex.name}`, () => {
          const { result } = run(rule, ex);
          const mine = result.findings.filter((f) => f.ruleId === rule.id);
          assert.deepEqual(mine.map((f) => `${f.code}: ${f.message}`), []);
        });
      }
      for (const ex of rule.examples.notOk) {
        it(`not ok: ${ex.name}`, () => {
          const { input, config, result } = run(rule, ex);
          const codes = result.findings.filter((f) => f.ruleId === rule.id).map((f) => f.code);
          for (const code of ex.codes ?? []) assert.ok(codes.includes(code), `expected ${code}, got ${codes.join(', ') || 'nothing'}`);
          for (const f of result.findings.filter((x) => x.ruleId === rule.id && x.fix)) {
            const fixed = linter.fix(input, { config, today: TODAY }, (x) => x === f || (x.ruleId === f.ruleId && x.code === f.code));
            const still = fixed.result.findings.filter((x) => x.ruleId === f.ruleId && x.code === f.code);
            assert.deepEqual(still.map((x) => x.message), [], `fix "${f.fix!.title}" did not clear ${f.code}:\n${fixed.text}`);
            const again = linter.fix({ ...input, text: fixed.text }, { config, today: TODAY });
            const againSame = linter.fix({ ...input, text: again.text }, { config, today: TODAY });
            assert.equal(againSame.text, again.text, 'fixing twice changed the text');
          }
        });
      }
    });
  }
});
