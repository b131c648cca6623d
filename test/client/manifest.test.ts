// The extension manifest (package.json) against what the client implements and what VS Code and vsce
// require: every command registered, settings resource-scoped and described, versions that install on
// the code-server the e2e tests use, and a .vscodeignore that keeps sources out of the .vsix.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JURISDICTIONS } from '../../server/src/engine/index.js';
import { AUDIENCES } from '../../server/src/engine/config/config.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(root + 'package.json', 'utf8'));
const clientSource = readdirSync(root + 'client/src')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(root + 'client/src/' + f, 'utf8'))
  .join('\n');

describe('extension manifest', () => {
  it('points main at the bundled client and activates on Markdown and plain text only', () => {
    assert.equal(pkg.main, './dist/client.cjs');
    assert.deepEqual(pkg.activationEvents, ['onLanguage:markdown', 'onLanguage:plaintext']);
  });

  it('every contributed command is implemented by the client', () => {
    const ids: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
    for (const c of pkg.contributes.commands) assert.ok(c.title && c.category, `${c.command} lacks a title or category`);
    for (const id of ids) assert.ok(clientSource.includes(`'${id}'`), `${id} is contributed but not registered in client/src`);
    for (const m of pkg.contributes.menus.commandPalette) assert.ok(ids.includes(m.command), `menu entry for unknown ${m.command}`);
  });

  it('every setting is resource-scoped and described', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string; description?: string; markdownDescription?: string; default?: unknown }>;
    const expected = ['enable', 'jurisdictions', 'rules', 'audience', 'rulesEdition', 'files', 'debounceMs', ...['name', 'email', 'postalAddress', 'phone', 'website', 'dpoEmail'].map((k) => `organization.${k}`)];
    assert.deepEqual(Object.keys(props).sort(), expected.map((k) => `privacyLint.${k}`).sort());
    for (const [key, p] of Object.entries(props)) {
      assert.equal(p.scope, 'resource', `${key} is not resource-scoped`);
      assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${key} has no description`);
      assert.ok('default' in p, `${key} has no default`);
    }
  });

  it('the jurisdictions and audience settings offer exactly what the engine accepts', () => {
    const props = pkg.contributes.configuration.properties;
    const items = props['privacyLint.jurisdictions'].anyOf[1].items;
    assert.deepEqual(items.enum, [...JURISDICTIONS]);
    assert.equal(items.enumDescriptions.length, items.enum.length);
    assert.deepEqual(props['privacyLint.audience'].enum, AUDIENCES);
    assert.match('2026-01-01', new RegExp(props['privacyLint.rulesEdition'].pattern));
    assert.match('', new RegExp(props['privacyLint.rulesEdition'].pattern));
    assert.doesNotMatch('Jan 2026', new RegExp(props['privacyLint.rulesEdition'].pattern));
  });

  it('declares workspace trust and virtual workspace support', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(pkg.capabilities.virtualWorkspaces, false);
  });

  it('@types/vscode is not newer than engines.vscode (vsce refuses otherwise; code-server 4.100.3 runs 1.100)', () => {
    const engine = /^\^?(\d+)\.(\d+)/.exec(pkg.engines.vscode)!;
    const types = /(\d+)\.(\d+)/.exec(pkg.devDependencies['@types/vscode'])!;
    assert.equal(`${engine[1]}.${engine[2]}`, '1.100');
    assert.ok(Number(types[1]) * 1000 + Number(types[2]) <= Number(engine[1]) * 1000 + Number(engine[2]));
  });

  it('.vscodeignore ships only the bundles, grammar, rule docs and top-level docs', () => {
    const lines = readFileSync(root + '.vscodeignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**', 'start by excluding everything');
    for (const l of lines.slice(1)) assert.ok(l.startsWith('!'), `unexpected pattern ${l}`);
    assert.ok(!lines.some((l) => /node_modules|\.ts$|src/.test(l)), 'sources or node_modules re-included');
    assert.ok(existsSync(root + 'LICENSE'));
  });
});
