// Writes a fixed policy back atomically: a temp file in the same directory, fsync, then rename over
// the original, keeping its mode. It refuses to write when the file changed since it was read, and
// never follows a symlink out of the project (the working directory), so --fix cannot write elsewhere.

import { closeSync, fchmodSync, fchownSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, isAbsolute } from 'node:path';
import { randomBytes } from 'node:crypto';

export function writeAtomically(path: string, bytes: Uint8Array, original: Uint8Array, projectRoot: string): void {
  const target = realpathSync(path);
  const rel = relative(realpathSync(projectRoot), target);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`refusing to write ${path}: it resolves to ${target}, outside the project`);
  }
  const current = readFileSync(target);
  if (!Buffer.from(current).equals(Buffer.from(original))) {
    throw new Error(`refusing to write ${path}: it changed on disk while privacy-lint was working`);
  }
  const st = statSync(target);
  const mode = st.mode & 0o7777;
  const tmp = join(dirname(target), `.${basename(target)}.privacy-lint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    // openSync's mode is narrowed by the umask (0666 would come back 0644): set it exactly. Keep the
    // owner too when we may (--fix run as root must not hand a user's policy to root).
    fchmodSync(fd, mode);
    if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.gid !== process.getgid!())) {
      try {
        fchownSync(fd, st.uid, st.gid);
      } catch {
        // not permitted for an ordinary user: the file becomes theirs, as any editor's save does
      }
    }
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    removeQuietly(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, target);
  } catch (e) {
    removeQuietly(tmp);
    throw e;
  }
  // The rename is durable once the directory entry is on disk too.
  try {
    const dir = openSync(dirname(target), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // directories cannot be opened or synced on every platform (Windows): the rename has happened
  }
}

/** Cleans up the temp file without hiding the error that made us clean up. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
