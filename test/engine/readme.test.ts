// The README rule table and docs/rules/<id>.md are generated from rules/*.yaml by
// scripts/gen-readme.mjs; this fails when someone edits a rule without regenerating them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('generated rule documentation', () => {
  it('README rule table and docs/rules/ match rules/*.yaml (run `npm run readme` to update)', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-readme.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stderr}${r.stdout}`);
  });
});
