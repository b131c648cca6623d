// Where the privacy-lint package lives at run time, for links to docs/rules/<id>.md and the version.
// The server runs from out/server/src/lsp/ (tsc) or from a bundled dist/server.cjs (esbuild, CommonJS,
// where import.meta is empty): walk up from whichever directory this code runs in to privacy-lint's package.json.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_NAME = 'privacy-lint';

function moduleDir(): string | null {
  // CommonJS bundle: __dirname is the bundle's directory. ESM: it is undefined, import.meta.url is set.
  if (typeof __dirname === 'string') return __dirname;
  try {
    const url = import.meta.url;
    return url ? dirname(fileURLToPath(url)) : null;
  } catch {
    return null;
  }
}

let cached: { root: string | null; version: string } | null = null;

function find(): { root: string | null; version: string } {
  if (cached) return cached;
  const override = process.env.PRIVACY_LINT_ROOT;
  const starts = [override, moduleDir(), process.argv[1] ? dirname(process.argv[1]) : undefined].filter((x): x is string => !!x);
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg)) {
        try {
          const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
          if (json.name === PACKAGE_NAME) return (cached = { root: dir, version: json.version ?? '0.0.0' });
        } catch {
          // not ours or unreadable: keep walking
        }
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return (cached = { root: null, version: '0.0.0' });
}

export function packageRoot(): string | null {
  return find().root;
}

export function packageVersion(): string {
  return find().version;
}

/** file:// URI of a rule's documentation page, or undefined when the package root cannot be found. */
export function ruleDocUri(ruleId: string): string | undefined {
  const root = packageRoot();
  return root ? pathToFileURL(join(root, 'docs', 'rules', `${ruleId}.md`)).href : undefined;
}
