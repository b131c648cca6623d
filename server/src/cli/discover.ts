// Expands the command line's files, directories and globs into policy files. Directories are walked
// for .md/.markdown/.txt; symlinked directories are followed once (real paths are remembered, so a
// symlink loop ends the walk instead of hanging it); node_modules and dot-directories are skipped.

import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { globMatcher } from '../node/glob.js';
import { describeIoError } from '../node/read-policy.js';

export const POLICY_EXTENSIONS = /\.(md|markdown|txt)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist']);

export interface Discovery {
  files: string[];
  /** Problems with what the user named (missing path, directory without policies): exit 2. */
  errors: string[];
}

export function discover(patterns: string[], cwd: string, ignores: string[]): Discovery {
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  // Matched in linear time (node/glob.ts): ignores and file globs can come from a workspace's config.
  const ignored = ignores.length ? globMatcher(ignores, { dot: true }) : null;
  const isIgnored = (abs: string) => !!ignored && ignored(toPosix(relative(cwd, abs)));
  const add = (abs: string) => {
    if (seen.has(abs) || isIgnored(abs)) return;
    seen.add(abs);
    files.push(abs);
  };
  for (const pattern of patterns) {
    if (picomatch.scan(pattern).isGlob) {
      const { base, glob } = picomatch.scan(pattern);
      const root = resolve(cwd, base || '.');
      const match = globMatcher([glob], { dot: false });
      const before = files.length;
      walk(root, (abs) => {
        if (match(toPosix(relative(root, abs)))) add(abs);
      }, true);
      if (files.length === before) errors.push(`no files match "${pattern}"`);
      continue;
    }
    const abs = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      // ENOENT, but also a symlink loop (ELOOP) or a directory we may not search (EACCES).
      errors.push(`"${pattern}": ${describeIoError(e)}`);
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      walk(abs, (f) => {
        if (POLICY_EXTENSIONS.test(f)) add(f);
      });
      if (files.length === before) errors.push(`"${pattern}": no policy files (.md, .markdown, .txt) found in this directory`);
    } else {
      // A file named explicitly is linted whatever its extension (binary files are refused when read).
      add(abs);
    }
  }
  files.sort((a, b) => a.localeCompare(b));
  return { files, errors };
}

function walk(dir: string, visit: (file: string) => void, allFiles = false): void {
  const visited = new Set<string>();
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let real: string;
    try {
      real = realpathSync(d);
    } catch {
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(p);
      } else if (isFile && (allFiles || POLICY_EXTENSIONS.test(e.name))) {
        visit(p);
      }
    }
  }
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
