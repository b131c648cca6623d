// `npm start`: lints the bundled example policy (examples/) and explains the exit code. The example
// has gaps on purpose, so privacy-lint exits 1 on it as it would in CI; the demo itself then succeeds.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const r = spawnSync(process.execPath, ['bin/privacy-lint.js', 'examples/', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (r.status === 1) {
  console.log('\nprivacy-lint exited with 1 (lint errors), as it would fail a CI step: the example policy has gaps on purpose.');
  console.log('Try `npx privacy-lint examples/ --fix-dry-run` to see the clauses --fix would insert.');
  process.exit(0);
}
process.exit(r.status ?? 2);
