// How --fix writes (issue 5): atomically (temp file in the same folder, fsync, rename), keeping the mode
// and owner, never through a symlink out of the project, and never over an edit saved while it worked.
// Failures mid-write are real where the machine allows (a file-size rlimit makes the temp write fail
// half-way; a read-only folder as an unprivileged user) and simulated otherwise (fs calls that throw).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs, { chmodSync, chownSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { FileLinter, type Job } from '../../server/src/cli/lint-files.js';
import { writeAtomically } from '../../server/src/cli/write-fixed.js';
import { MISSING_CHILDREN, assertCleanFailure, assertNoStack, assertUnchanged, cleanup, cli, isRoot, project, snapshot } from './helpers.js';

const COPPA = ['--jurisdiction', 'coppa'];

/** Replaces fs functions for the duration of `body`, for ESM importers too (node:fs named exports). */
function withFs<T>(patch: Partial<Record<keyof typeof fs, unknown>>, body: () => T): T {
  const saved = new Map<string, unknown>();
  const target = fs as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    saved.set(k, target[k]);
    target[k] = v;
  }
  syncBuiltinESMExports();
  try {
    return body();
  } finally {
    for (const [k, v] of saved) target[k] = v;
    syncBuiltinESMExports();
  }
}

function job(cwd: string): Job {
  return { cwd, cliLayer: { jurisdictions: ['coppa'] }, explicitConfig: null, noConfigLookup: true, today: '2026-11-23T00:00:00.000Z', mode: 'fix', quiet: false };
}

const onlyPolicy = (d: string) => readdirSync(d).filter((f) => !f.startsWith('.privacylintrc'));

describe('hardening: how --fix writes', function () {
  this.timeout(60_000);
  after(cleanup);

  it('replaces the file by rename (new inode), completely, with no temp file left', () => {
    const d = project({ 'policy.md': MISSING_CHILDREN });
    const ino = statSync(join(d, 'policy.md')).ino;
    const r = cli([...COPPA, '--fix', 'policy.md'], d);
    assertNoStack(r);
    assert.notEqual(statSync(join(d, 'policy.md')).ino, ino, 'written by rename');
    assert.match(readFileSync(join(d, 'policy.md'), 'utf8'), /## Children's Privacy\n[\s\S]*## Contact us\n/);
    assert.deepEqual(readdirSync(d), ['policy.md']);
  });

  it('keeps the mode exactly, whatever the umask (0666, 0755, 0600, 0640)', () => {
    for (const mode of [0o666, 0o755, 0o600, 0o640]) {
      const d = project({ 'policy.md': MISSING_CHILDREN });
      chmodSync(join(d, 'policy.md'), mode);
      cli([...COPPA, '--fix', 'policy.md'], d);
      assert.notEqual(readFileSync(join(d, 'policy.md'), 'utf8'), MISSING_CHILDREN);
      assert.equal((statSync(join(d, 'policy.md')).mode & 0o7777).toString(8), mode.toString(8));
    }
  });

  it('keeps the owner when run as root (CI containers)', function () {
    if (!isRoot()) this.skip(); // an ordinary user cannot own another user's file: nothing to keep
    const d = project({ 'policy.md': MISSING_CHILDREN });
    chownSync(join(d, 'policy.md'), 65534, 65534);
    cli([...COPPA, '--fix', 'policy.md'], d);
    const st = statSync(join(d, 'policy.md'));
    assert.notEqual(readFileSync(join(d, 'policy.md'), 'utf8'), MISSING_CHILDREN);
    assert.deepEqual([st.uid, st.gid], [65534, 65534]);
  });

  it('never writes through a symlink that leaves the project, file or folder', () => {
    const outside = project({ 'policy.md': MISSING_CHILDREN, 'docs/policy.md': MISSING_CHILDREN });
    const d = project({});
    symlinkSync(join(outside, 'policy.md'), join(d, 'linked.md'));
    symlinkSync(join(outside, 'docs'), join(d, 'docs'));
    const before = snapshot(outside);
    const r = cli([...COPPA, '--fix', 'linked.md', 'docs/policy.md'], d);
    assertCleanFailure(r, /linked\.md: refusing to write .*linked\.md: it resolves to .*, outside the project/);
    assert.match(r.stderr, /docs\/policy\.md: refusing to write .* outside the project/);
    assertUnchanged(before, outside, 'outside the project');
    assert.equal(readlinkSync(join(d, 'linked.md')), join(outside, 'policy.md'));
  });

  it('through a symlink inside the project: fixes the target and leaves the link a link', () => {
    const d = project({ 'real/policy.md': MISSING_CHILDREN });
    symlinkSync(join('real', 'policy.md'), join(d, 'alias.md'));
    const r = cli([...COPPA, '--fix', 'alias.md'], d);
    assertNoStack(r);
    assert.ok(lstatSync(join(d, 'alias.md')).isSymbolicLink());
    assert.match(readFileSync(join(d, 'real', 'policy.md'), 'utf8'), /## Children's Privacy/);
    assert.deepEqual(readdirSync(join(d, 'real')), ['policy.md']);
  });

  it('refuses to write when the file changed on disk after it was read (same length too)', () => {
    const d = project({ 'policy.md': MISSING_CHILDREN });
    const path = join(d, 'policy.md');
    // An editor saves a same-length change while the policy is being linted: right after --fix read it.
    const edited = MISSING_CHILDREN.replace('We collect', 'We gather ');
    assert.equal(edited.length, MISSING_CHILDREN.length);
    const realRead = fs.readFileSync;
    let saved = false;
    const out = withFs(
      {
        readFileSync: (...args: Parameters<typeof fs.readFileSync>) => {
          const bytes = realRead(...args);
          if (!saved && args[0] === path) {
            saved = true;
            writeFileSync(path, edited);
          }
          return bytes;
        },
      },
      () => new FileLinter(job(d)).lintFile(path),
    );
    assert.ok(saved, 'the policy was read through fs.readFileSync');
    assert.match(out.problem ?? '', /policy\.md: refusing to write .*policy\.md: it changed on disk while privacy-lint was working/);
    assert.equal(readFileSync(path, 'utf8'), edited, "the user's edit is kept");
    assert.deepEqual(onlyPolicy(d), ['policy.md']);
    // And writeAtomically itself, given bytes that are no longer on disk.
    assert.throws(() => writeAtomically(path, Buffer.from('x'), Buffer.from(MISSING_CHILDREN), d), /changed on disk/);
    assert.equal(readFileSync(path, 'utf8'), edited);
  });

  it('a write that fails half-way (disk full), a failed fsync or rename: the original intact, no temp file', () => {
    const d = project({ 'policy.md': MISSING_CHILDREN });
    const path = join(d, 'policy.md');
    const original = readFileSync(path);
    const fixed = Buffer.from(`${MISSING_CHILDREN}\n## Children\n\nWe do not collect data from children under 13.\n`);
    const realWrite = fs.writeSync;
    const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const failures: Array<[string, Partial<Record<keyof typeof fs, unknown>>]> = [
      [
        'half a write then ENOSPC',
        {
          writeSync: (fd: number, buf: Uint8Array, off = 0, len = buf.length) => {
            if (len > 16) return realWrite(fd, buf, off, Math.floor(len / 2));
            throw enospc();
          },
        },
      ],
      ['fsync EIO', { fsyncSync: () => { throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }); } }],
      ['rename EXDEV', { renameSync: () => { throw Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), { code: 'EXDEV' }); } }],
    ];
    for (const [what, patch] of failures) {
      assert.throws(() => withFs(patch, () => writeAtomically(path, fixed, original, d)), /ENOSPC|EIO|EXDEV/, what);
      assert.deepEqual(readFileSync(path), original, `${what}: the original is intact`);
      assert.deepEqual(readdirSync(d), ['policy.md'], `${what}: no temp file left`);
    }
    // Through the CLI's file linter: one problem line, the report of the unfixed file.
    const out = withFs(failures[0]![1], () => new FileLinter(job(d)).lintFile(path));
    assert.match(out.problem ?? '', /policy\.md: ENOSPC: no space left on device/);
    assert.ok(out.report?.messages.some((m) => m.ruleId === 'children-age'), 'the report is of the file as it is');
    assert.deepEqual(readFileSync(path), original);
  });

  it('a real failure mid-write (file-size limit): the original intact, no temp file, one line', function () {
    const probe = spawnSync('prlimit', ['--fsize=100000', process.execPath, '-e', '0']);
    if (probe.error || probe.status !== 0) this.skip(); // no prlimit (util-linux): the simulated failures above cover it
    const d = project({ 'policy.md': MISSING_CHILDREN });
    const before = snapshot(d);
    // The limit sits between the original's size and the fixed one's: writing the temp file passes it half-way (EFBIG).
    const limit = Buffer.byteLength(MISSING_CHILDREN) + 100;
    const r = cli([...COPPA, '--fix', 'policy.md'], d, { wrap: ['prlimit', `--fsize=${limit}`] });
    assertCleanFailure(r, /^privacy-lint: policy\.md: EFBIG: file too large/m);
    assertUnchanged(before, d, 'after EFBIG');
  });

  it('a read-only folder: refused with one line, the original intact', function () {
    const d = project({ 'docs/policy.md': MISSING_CHILDREN });
    let wrap: string[] = [];
    if (isRoot()) {
      // root writes into read-only folders: be "nobody", owner of the folder and the file, folder mode 0555.
      const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', '0']);
      if (probe.error || probe.status !== 0) this.skip(); // only the simulated failures apply here
      wrap = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      chmodSync(d, 0o755);
      chownSync(join(d, 'docs'), 65534, 65534);
      chownSync(join(d, 'docs', 'policy.md'), 65534, 65534);
    }
    chmodSync(join(d, 'docs'), 0o555);
    const before = snapshot(d);
    const r = cli([...COPPA, '--fix', 'docs/policy.md'], d, { wrap });
    assertCleanFailure(r, /^privacy-lint: docs\/policy\.md: EACCES: permission denied, open '.*\.policy\.md\.privacy-lint-/m);
    assertUnchanged(before, d, 'read-only folder');
  });
});
