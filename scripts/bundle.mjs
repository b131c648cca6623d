// Bundles the VS Code extension with esbuild: dist/client.cjs (client/src/extension.ts) and
// dist/server.cjs (server/src/lsp/server.ts), CommonJS for Node 20 with `vscode` left external, so the
// .vsix ships no node_modules. Regenerates the rule catalogue first: the engine imports it.
//   node scripts/bundle.mjs [--production] [--only client|server] [--allow-missing-server]
// --production minifies (names kept, so server stack traces stay readable); otherwise inline source maps.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const production = args.includes('--production');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const allowMissingServer = args.includes('--allow-missing-server');

const entries = {
  client: { in: join(root, 'client/src/extension.ts'), out: join(root, 'dist/client.cjs') },
  server: { in: join(root, 'server/src/lsp/server.ts'), out: join(root, 'dist/server.cjs') },
};

/**
 * ESM sources read `import.meta` (the server finds the package root, and so its rule docs, from its own
 * location), but CommonJS has no import.meta and esbuild would leave it empty. Each of our modules gets
 * an import.meta that names the file tsc would have emitted for it (out/<path>.js, relative to the
 * package root), so relative paths that work from out/ work unchanged from dist/. Dependencies that read
 * import.meta get the bundle's own location.
 */
const importMetaPlugin = {
  name: 'import-meta-as-in-out',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, (args) => {
      const rel = relative(root, args.path).split('\\').join('/');
      if (rel.startsWith('..') || rel.startsWith('node_modules/')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      const emitted = 'out/' + rel.replace(/\.(ts|mts)$/, '.js');
      return {
        contents: source.replace(/\bimport\.meta\b(?!\s*\.\s*(resolve|main)\b)/g, `__privacyLintImportMeta(${JSON.stringify(emitted)})`),
        loader: /\.m?ts$/.test(args.path) ? 'ts' : 'js',
      };
    });
  },
};
const banner = [
  '"use strict";',
  'var __privacyLintUrl = require("node:url"), __privacyLintPath = require("node:path");',
  // dist/ sits directly under the package root, as out/ does.
  'function __privacyLintImportMeta(emitted) { var f = __privacyLintPath.join(__dirname, "..", emitted); return { url: __privacyLintUrl.pathToFileURL(f).href, filename: f, dirname: __privacyLintPath.dirname(f) }; }',
  'var __privacyLintBundleUrl = __privacyLintUrl.pathToFileURL(__filename).href;',
].join('\n');

/**
 * What the client's pickers need from the catalogue, as data compiled into dist/client.cjs: the clauses
 * the server can insert (rules with a fix) and the topic titles. The client never loads the engine.
 */
function clientCatalogue() {
  const dir = join(root, 'rules');
  const topicsYaml = parseYaml(readFileSync(join(dir, 'topics.yaml'), 'utf8')) ?? {};
  const topics = Object.fromEntries(Object.entries(topicsYaml).map(([id, t]) => [id, String(t?.title ?? id)]));
  const clauses = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    if (name === 'topics.yaml' || name === 'laws.yaml') continue;
    const rule = parseYaml(readFileSync(join(dir, name), 'utf8'));
    if (!rule?.id || !rule.fix?.heading) continue;
    clauses.push({
      rule: String(rule.id),
      ...(rule.topic ? { topic: String(rule.topic) } : {}),
      heading: String(rule.fix.heading),
      title: String(rule.title ?? rule.fix.heading),
    });
  }
  return { clauses, topics };
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  banner: { js: banner },
  define: { 'import.meta.url': '__privacyLintBundleUrl' },
  plugins: [importMetaPlugin],
  minify: production,
  keepNames: true,
  sourcemap: production ? false : 'inline',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // An empty import.meta in CommonJS is a silent bug (a wrong root, missing rule docs): fail instead.
  logOverride: { 'empty-import-meta': 'error' },
};

run(process.execPath, [join(root, 'scripts/build-catalogue.mjs')]);

const targets = only ? [only] : ['client', 'server'];
let failed = false;
for (const name of targets) {
  const entry = entries[name];
  if (!entry) throw new Error(`--only: unknown target ${only} (client or server)`);
  if (!existsSync(entry.in)) {
    const msg = `bundle: ${relative(root, entry.in)} does not exist`;
    if (name === 'server' && allowMissingServer) {
      console.warn(`${msg}; skipping dist/server.cjs (--allow-missing-server)`);
      continue;
    }
    console.error(msg);
    failed = true;
    continue;
  }
  rmSync(entry.out, { force: true });
  const result = await esbuild
    .build({
      ...common,
      entryPoints: [entry.in],
      outfile: entry.out,
      define: name === 'client' ? { ...common.define, PRIVACY_LINT_CATALOGUE: JSON.stringify(clientCatalogue()) } : common.define,
    })
    .catch(() => {
      // esbuild has already printed the errors.
      failed = true;
      return undefined;
    });
  if (!result) continue;
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`bundle: ${relative(root, entry.out)} ${(bytes / 1024).toFixed(0)} KB${production ? ' (production)' : ''}`);
}
if (failed) process.exit(1);
