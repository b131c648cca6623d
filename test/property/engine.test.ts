// Property tests of the engine with fast-check, a modest number of generated policies per property so
// `npm test` stays quick (~20 s). The same properties run for hours with `npm run fuzz -- --runs N`.
// FUZZ_SEED=<n> replays a run; a failure prints fast-check's seed and path. Locally every run draws a
// new seed, so `npm test` keeps exploring; in CI (CI=true) the seed is fixed, so a red build is caused
// by the change under test and not by the draw. The long runs (`npm run fuzz`) do the exploring there.
import assert from 'node:assert/strict';
import { PROPERTIES, failureReport, sectionsOf, sourcePolicies } from './properties.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const CI_SEED = 20261205;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? CI_SEED : undefined;

describe('engine properties (fast-check)', function () {
  this.timeout(120_000);

  it('cuts every source policy into several sections', () => {
    for (const s of sourcePolicies()) assert.ok(s.sections.length >= 3, `${s.name}: ${s.sections.length} sections`);
    assert.deepEqual(sectionsOf('# A\n\nx\n\n## B\ny\n\nPlain\n-----\n\nz'), ['# A\n\nx', '## B\ny', 'Plain\n-----\n\nz']);
  });

  for (const p of PROPERTIES) {
    it(p.name, () => {
      const details = p.run({ numRuns: Math.max(1, Math.round(RUNS * p.share)), ...(SEED !== undefined ? { seed: SEED } : {}) });
      const report = failureReport(details);
      if (report) assert.fail(report);
    });
  }
});
