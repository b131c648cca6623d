// Writes a fixed policy back atomically: a temp file in the same directory, fsync, then rename over
// the original, keeping its mode. It refuses to write when the file changed since it was read, and
// never follows a symlink out of the project (the working directory), so --fix cannot write elsewhere.

import { closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
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
  const mode = statSync(target).mode & 0o7777;
  const tmp = join(dirname(target), `.${basename(target)}.privacy-lint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, target);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}
