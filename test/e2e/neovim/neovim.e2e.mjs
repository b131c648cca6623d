// Headless Neovim as the LSP client, with the README's configuration (init.lua): open a policy, wait for
// privacy-lint's diagnostics (vim.diagnostic.get), apply the children-age quick fix through Neovim's own
// LSP client, and check the finding is gone and no line was lost.
//
//   npx mocha --timeout 120000 test/e2e/neovim/*.e2e.mjs      (needs `nvim` on PATH and a build)

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(repo, 'test/fixtures/lsp');
const server = join(repo, 'bin/privacy-lint-server.js');

function nvimVersion() {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : null;
}

function runNvim(file, out) {
  return new Promise((resolve, reject) => {
    const p = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(here, 'init.lua'), '-c', `luafile ${join(here, 'driver.lua')}`, file], {
      env: { ...process.env, PRIVACY_LINT_SERVER: server, PRIVACY_LINT_OUT: out, PRIVACY_LINT_TIMEOUT: '60000', XDG_STATE_HOME: dirname(out), XDG_DATA_HOME: dirname(out), XDG_CACHE_HOME: dirname(out) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => p.kill('SIGKILL'), 110_000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (!existsSync(out)) reject(new Error(`nvim exited ${code} without writing ${out}\n${stderr}`));
      else resolve(JSON.parse(readFileSync(out, 'utf8')));
    });
  });
}

function dirname(p) {
  return p.slice(0, p.lastIndexOf('/'));
}

describe('Neovim (headless) with the README configuration', function () {
  this.timeout(120_000);
  const version = nvimVersion();
  let dir;
  before(function () {
    if (!version) {
      console.log('      nvim not found: install Debian\'s neovim (apt-get install -y neovim)');
      this.skip();
    }
    if (!existsSync(join(repo, 'out/server/src/lsp/server.js'))) throw new Error('build first: npm run build');
    dir = mkdtempSync(join(tmpdir(), 'privacy-lint-nvim-'));
    // A root marker, so the client's root_dir is this folder and no config above it applies.
    writeFileSync(join(dir, '.privacylintrc.json'), '{}\n');
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it(`shows diagnostics for a Markdown policy and applies a quick fix (${version ?? 'nvim'})`, async () => {
    const file = join(dir, 'privacy.md');
    copyFileSync(join(fixtures, 'policy-gaps.md'), file);
    const original = readFileSync(file, 'utf8');
    const res = await runNvim(file, join(dir, 'md.json'));
    assert.equal(res.error, undefined, res.error);
    assert.equal(res.filetype, 'markdown');
    assert.equal(res.client?.name, 'privacy-lint');
    assert.ok(res.steps.first, 'diagnostics arrived');
    const codes = new Set(res.diagnostics.map((d) => d.code));
    assert.ok(codes.has('children-age'), [...codes].join(', '));
    assert.ok(codes.has('breach-notification'), [...codes].join(', '));
    const child = res.diagnostics.find((d) => d.code === 'children-age');
    assert.equal(child.severity, 1, 'ERROR');
    assert.equal(child.lnum, 5, 'anchored at the policy title, after the front matter');
    assert.match(child.message, /COPPA 16 CFR §312\.4\(d\)/);

    assert.equal(res.action, 'Insert a "Children\'s Privacy" section');
    assert.ok(res.steps.fixed, 'children-age cleared after the quick fix');
    assert.ok(!res.after.some((d) => d.code === 'children-age'));
    assert.ok(res.lines_after > res.lines_before);
    // Insert-only: every original line is still there, in order.
    const after = res.text_after.split('\n');
    let j = 0;
    for (const line of original.replace(/\n$/, '').split('\n')) {
      while (j < after.length && after[j] !== line) j++;
      assert.ok(j < after.length, `line kept: ${line}`);
      j++;
    }
  });

  it('shows diagnostics for a plain-text policy (filetype text)', async () => {
    const file = join(dir, 'privacy.txt');
    copyFileSync(join(fixtures, 'policy-plain.txt'), file);
    const res = await runNvim(file, join(dir, 'txt.json'));
    assert.equal(res.error, undefined, res.error);
    assert.equal(res.filetype, 'text');
    assert.ok(res.diagnostics.some((d) => d.code === 'children-age'), JSON.stringify(res.diagnostics));
  });
});
