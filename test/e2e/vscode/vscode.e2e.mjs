// End to end in the real VS Code (code-server + headless Chromium): install the packaged .vsix, open a
// policy, see the children-age finding in the Problems panel, apply its quick fix by clicking, save, and
// check the file on disk. Needs PRIVACY_LINT_VSIX; see ./README.md.
//   npm run package && PRIVACY_LINT_VSIX=privacy-lint-0.1.0.vsix npx mocha --no-config --timeout 300000 test/e2e/vscode/vscode.e2e.mjs
// (--no-config: the repo's .mocharc.json would add the whole unit suite to the run.)

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  applyQuickFix,
  ensureKit,
  launchBrowser,
  openFile,
  openWorkbench,
  problemPosition,
  readProblems,
  revealText,
  repoRoot,
  save,
  screenshot,
  startCodeServer,
  waitForProblems,
} from './code-server.mjs';

const RULE = 'children-age';
// Case-sensitive, so the "Disable children-age for this file" action never matches.
const FIX_TITLE = process.env.PRIVACY_LINT_FIX_TITLE || /Insert .*Children/;
const FIXTURE = join(repoRoot, 'test', 'e2e', 'fixtures', 'policy-missing-children.md');
const FILE = 'privacy-policy.md';
const ARTIFACTS = join(repoRoot, 'test-artifacts');

describe('VS Code extension end to end (code-server)', function () {
  this.timeout(300_000);
  // Whole-scenario retries on a fresh code-server; the helpers already retry the racy UI steps. Two: a
  // CI run on a loaded 2-core machine once applied the fix but left the editor unsaved on the first try.
  this.retries(Number(process.env.PRIVACY_LINT_E2E_RETRIES ?? 2));

  let vsix;
  let workspace;
  let server;
  let browser;
  let page;

  before(function () {
    const given = process.env.PRIVACY_LINT_VSIX;
    if (!given) {
      throw new Error(
        'PRIVACY_LINT_VSIX is not set. This test installs an already packaged extension and builds nothing: ' +
          'run `npm run package` first (it writes privacy-lint-<version>.vsix in the repo root), then ' +
          'PRIVACY_LINT_VSIX=privacy-lint-<version>.vsix npx mocha --no-config --timeout 300000 test/e2e/vscode/vscode.e2e.mjs',
      );
    }
    vsix = resolve(given);
    if (!existsSync(vsix)) throw new Error(`PRIVACY_LINT_VSIX points to ${vsix}, which does not exist; run \`npm run package\` first`);
    ensureKit();
  });

  beforeEach(async function () {
    workspace = await mkdtemp(join(tmpdir(), 'privacy-lint-ws-'));
    await cp(FIXTURE, join(workspace, FILE));
    server = await startCodeServer({ vsixPath: vsix, workspaceDir: workspace });
    ({ browser, page } = await launchBrowser());
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'passed' && page) {
      const shot = join(ARTIFACTS, `vscode-failure-${Date.now()}.png`);
      await screenshot(page, shot).catch(() => {});
      console.error(`  failure screenshot: ${shot}`);
      if (server) console.error(`  code-server output (tail):\n${server.output().slice(-3000)}`);
    }
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (workspace) await rm(workspace, { recursive: true, force: true });
    browser = page = server = workspace = undefined;
  });

  it(`shows ${RULE} in Problems and its quick fix inserts a children's section before Contact Us`, async function () {
    const original = await readFile(FIXTURE, 'utf8');
    const timings = {};
    let t = Date.now();
    const lap = (name) => { timings[name] = Date.now() - t; t = Date.now(); };

    await openWorkbench(page, server.url);
    lap('workbench');
    await openFile(page, FILE);
    lap('open');

    const rows = await waitForProblems(page, { code: RULE, timeoutMs: 60_000 });
    lap('problems');
    const row = rows.find((r) => r.includes(`(${RULE})`));
    const at = problemPosition(row);
    assert.ok(at, `problem row without a position: ${row}`);

    const { route, title, failedAttempts } = await applyQuickFix(page, {
      line: at.line,
      code: RULE,
      titleIncludes: FIX_TITLE,
      ...(process.env.PRIVACY_LINT_E2E_QUICKFIX_ROUTES && { order: process.env.PRIVACY_LINT_E2E_QUICKFIX_ROUTES.split(',') }),
    });
    lap('quickfix');
    await save(page, process.env.PRIVACY_LINT_E2E_SAVE_ROUTES ? { order: process.env.PRIVACY_LINT_E2E_SAVE_ROUTES.split(',') } : {});
    lap('save');

    const onDisk = await readFile(join(workspace, FILE), 'utf8');
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, 'vscode-quickfix-result.md'), onDisk);
    const heading = /^## .*Children.*$/m.exec(onDisk);
    assert.ok(heading, `no "## …Children…" heading after the fix:\n${onDisk}`);
    const contact = onDisk.search(/^## Contact Us\s*$/m);
    assert.ok(contact >= 0, 'the "## Contact Us" heading is gone');
    assert.ok(heading.index < contact, `"${heading[0]}" landed after "## Contact Us":\n${onDisk}`);

    // Nothing deleted or reordered: every original line appears, in order.
    const lines = onDisk.split(/\r?\n/);
    let from = 0;
    for (const line of original.split(/\r?\n/)) {
      const i = lines.indexOf(line, from);
      assert.ok(i >= 0, `original line missing or out of order after the fix: ${JSON.stringify(line)}`);
      from = i + 1;
    }

    // The finding should clear once the fix is in; only logged, as the server may re-lint after a debounce.
    await page.waitForTimeout(1500);
    const left = (await readProblems(page)).filter((r) => r.includes(`(${RULE})`));
    if (left.length) console.log(`    note: ${RULE} still listed after the fix: ${JSON.stringify(left)}`);
    await revealText(page, heading[0].slice(3));
    const shot = await screenshot(page, join(ARTIFACTS, 'vscode-quickfix.png'));
    if (failedAttempts.length) console.log(`    quick-fix attempts that failed first:\n      ${failedAttempts.join('\n      ')}`);
    console.log(`    applied "${title}" via ${route}; timings ms ${JSON.stringify(timings)}; screenshot ${shot}`);
  });
});
