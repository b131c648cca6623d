// Drives the real VS Code workbench (code-server) in headless Chromium for end-to-end tests.
// Everything an instance writes lives in one temp dir (user data, extensions, config), so runs never
// share state; the kit itself (code-server, playwright-core) lives outside the repo, see ensureKit().
// Hands-on notes on flags, focus and flakiness: ../shared/docs/conventions.md §2.3 and ./README.md.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');
export const sharedDir = process.env.PRIVACY_LINT_SHARED
  ? resolve(process.env.PRIVACY_LINT_SHARED)
  : resolve(repoRoot, '../shared');
/** Where setup-code-server.sh puts code-server and playwright-core (its default DEST). */
export const kitDir = process.env.PRIVACY_LINT_E2E_KIT
  ? resolve(process.env.PRIVACY_LINT_E2E_KIT)
  : join(homedir(), '.cache', 'privacy-lint-e2e');
export const chromiumPath = process.env.PRIVACY_LINT_CHROMIUM || '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const codeServerBin = join(kitDir, 'node_modules', '.bin', 'code-server');
const playwrightEntry = join(kitDir, 'node_modules', 'playwright-core', 'index.mjs');

const log = (...args) => {
  if (process.env.PRIVACY_LINT_E2E_QUIET !== '1') console.error('[e2e]', ...args);
};

/** User settings that keep the workbench quiet and predictable; tests may add or override. */
export const defaultSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'editor.lightbulb.enabled': 'on',
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'problems.defaultViewMode': 'tree',
};

/**
 * Makes sure code-server, playwright-core and Chromium are installed; runs the shared setup script if
 * not (a few minutes the first time). Returns the paths the other helpers use.
 */
export function ensureKit() {
  const ready = () => existsSync(codeServerBin) && existsSync(playwrightEntry) && existsSync(chromiumPath);
  if (!ready()) {
    const script = join(sharedDir, 'tools', 'setup-code-server.sh');
    if (!existsSync(script)) {
      throw new Error(`e2e kit missing in ${kitDir} and no setup script at ${script} (set PRIVACY_LINT_SHARED)`);
    }
    log(`installing the e2e kit into ${kitDir} with ${script} (takes a few minutes)`);
    const r = spawnSync('bash', [script, kitDir], { stdio: 'inherit' });
    if (r.status !== 0 || !ready()) throw new Error(`${script} failed (exit ${r.status})`);
  }
  return { kitDir, codeServerBin, playwrightEntry, chromiumPath };
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// code-server runs in its own process group; if the test process exits without calling stop(), take
// those groups (and their temp dirs) down with it rather than leave servers behind.
const liveGroups = new Map();
process.on('exit', () => {
  for (const [pid, dir] of liveGroups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    if (dir) try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
  }
});

/**
 * Starts a fresh code-server on a free port with the .vsix (if any) installed.
 * @param {{vsixPath?: string, workspaceDir: string, settings?: object, keepTemp?: boolean}} opts
 * @returns {Promise<{url: string, port: number, tempDir: string, extensionsDir: string,
 *   installedExtensions: string[], output: () => string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ vsixPath, workspaceDir, settings = {}, keepTemp = false } = {}) {
  if (!workspaceDir) throw new Error('startCodeServer: workspaceDir is required');
  ensureKit();
  const tempDir = await mkdtemp(join(tmpdir(), 'privacy-lint-cs-'));
  const userDataDir = join(tempDir, 'user-data');
  const extensionsDir = join(tempDir, 'extensions');
  const configPath = join(tempDir, 'config.yaml');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await writeFile(configPath, 'auth: none\ncert: false\n');
  await writeFile(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...settings }, null, 2),
  );
  const common = ['--config', configPath, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  // HOME/XDG point into the temp dir too, so nothing lands in the real home directory.
  const env = {
    ...process.env,
    HOME: tempDir,
    XDG_CONFIG_HOME: join(tempDir, 'xdg-config'),
    XDG_DATA_HOME: join(tempDir, 'xdg-data'),
    XDG_CACHE_HOME: join(tempDir, 'xdg-cache'),
  };
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;

  let installedExtensions = [];
  if (vsixPath) {
    const t0 = Date.now();
    const r = spawnSync(codeServerBin, [...common, '--install-extension', resolve(vsixPath), '--force'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    installedExtensions = (await readdir(extensionsDir)).filter((n) => !n.startsWith('.') && n !== 'extensions.json');
    if (r.status !== 0 || installedExtensions.length === 0) {
      await rm(tempDir, { recursive: true, force: true });
      throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    log(`installed ${installedExtensions.join(', ')} in ${Date.now() - t0} ms`);
  }

  const port = await freePort();
  let output = '';
  const child = spawn(
    codeServerBin,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      resolve(workspaceDir),
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  liveGroups.set(child.pid, keepTemp ? undefined : tempDir);
  const collect = (b) => {
    output += b.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  const exitPromise = new Promise((res) => child.on('exit', (code, signal) => res((exited = { code, signal }))));

  const stop = async () => {
    if (!exited) {
      // The child leads its own process group (detached), so this reaches its extension host too.
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const done = await Promise.race([exitPromise, sleep(5000).then(() => null)]);
      if (!done) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } await exitPromise; }
    }
    liveGroups.delete(child.pid);
    if (!keepTemp) await rm(tempDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const t0 = Date.now();
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() - t0 > 60_000) {
      await stop();
      throw new Error(`code-server did not listen on ${base} within 60 s:\n${output}`);
    }
    await sleep(200);
  }
  log(`code-server listening on ${base} after ${Date.now() - t0} ms`);
  const url = `${base}/?folder=${encodeURIComponent(resolve(workspaceDir))}`;
  return { url, port, tempDir, extensionsDir, installedExtensions, output: () => output, stop };
}

/** Launches headless Debian Chromium through the kit's playwright-core. */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  ensureKit();
  const { chromium } = await import(pathToFileURL(playwrightEntry).href);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { browser, context, page };
}

// ---------------------------------------------------------------------------------------------
// Playwright helpers. They click rather than rely on keyboard focus where the UI allows it, and
// retry the steps that race with the workbench (menus that close when focus moves, widgets that
// appear only after the extension host answers).

/** Retries fn until it returns a truthy value or the deadline passes; returns that value. */
export async function retry(what, fn, { timeoutMs = 30_000, intervalMs = 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (let attempt = 1; ; attempt++) {
    try {
      const v = await fn(attempt);
      if (v) return v;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (process.env.PRIVACY_LINT_E2E_DEBUG === '1') {
      log(`${what}: attempt ${attempt} not yet${lastError ? `: ${lastError.message.split('\n')[0]}` : ''}`);
    }
    if (Date.now() > deadline) {
      const msg = `${what}: gave up after ${attempt} attempt(s)`;
      throw new Error(lastError ? `${msg}: ${lastError.message}` : msg);
    }
    await sleep(intervalMs);
  }
}

/** Loads the workbench and waits until the explorer shows the folder; reloads if it stalls. */
export async function openWorkbench(page, url, { timeoutMs = 90_000 } = {}) {
  await retry('workbench', async (attempt) => {
    if (attempt === 1) await page.goto(url, { waitUntil: 'domcontentloaded' });
    else await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    return true;
  }, { timeoutMs, intervalMs: 1000 });
  await dismissNoise(page);
}

/** Closes notifications and the secondary side bar (Chat) that can cover targets or take focus. */
export async function dismissNoise(page) {
  const clearAll = page.locator('.notifications-toasts .codicon-notifications-clear-all, .notification-toast .codicon-notifications-clear');
  for (const el of await clearAll.all()) await el.click({ timeout: 1000 }).catch(() => {});
  const aux = page.locator('.part.auxiliarybar');
  if (await aux.isVisible().catch(() => false)) {
    const hide = page.locator('.part.auxiliarybar .codicon-close, .part.auxiliarybar [aria-label^="Hide Secondary Side Bar"]').first();
    await hide.click({ timeout: 1000 }).catch(() => {});
  }
}

/**
 * Clicks the way a person does: move the pointer onto the element, then press. VS Code's menus lay an
 * invisible `.context-view-pointerBlock` over the page that only a pointer move removes, so
 * Playwright's hit-target check in locator.click() fails on them.
 */
export async function clickLikeAUser(page, locator, { double = false, position, timeoutMs = 10_000 } = {}) {
  await locator.waitFor({ state: 'visible', timeout: timeoutMs });
  await locator.scrollIntoViewIfNeeded({ timeout: timeoutMs }).catch(() => {});
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no bounding box for ${locator}`);
  const x = box.x + (position?.x ?? box.width / 2);
  const y = box.y + (position?.y ?? box.height / 2);
  await page.mouse.move(x - 4, y - 2);
  await page.mouse.move(x, y, { steps: 3 });
  await page.mouse.click(x, y, { clickCount: double ? 2 : 1 });
}

const activeTab = (page) => page.locator('.editor-group-container.active .tabs-container .tab.active');
const activeEditor = (page) => page.locator('.editor-group-container.active .monaco-editor[data-uri]').first();

/** Opens a workspace file in a pinned editor: double-click in the Explorer, Quick Open as fallback. */
export async function openFile(page, name, { timeoutMs = 30_000 } = {}) {
  const base = basename(name);
  const tabOpen = async () =>
    (await activeTab(page).getAttribute('data-resource-name', { timeout: 1000 }).catch(() => null)) === base &&
    (await activeEditor(page).isVisible().catch(() => false));
  await retry(`open ${name}`, async (attempt) => {
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${base}"]`);
    if (name === base && attempt <= 2 && (await row.count()) > 0) {
      await clickLikeAUser(page, row, { double: true });
    } else {
      // Nested path, or the Explorer row did not take the double-click: Quick Open (Ctrl+P).
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(name);
      await clickLikeAUser(page, page.locator('.quick-input-widget .monaco-list-row', { hasText: base }).first());
    }
    await page.waitForTimeout(300);
    return tabOpen();
  }, { timeoutMs, intervalMs: 1000 });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

const markerRows = (page) => page.locator('.markers-panel .monaco-list-row:has(.marker-message-details-container)');
const markersList = (page) => page.locator('.markers-panel .monaco-list').first();

/** Opens the Problems panel by clicking the status-bar counts (it toggles, so only when closed). */
export async function showProblems(page) {
  await retry('show Problems panel', async () => {
    if (await page.locator('.markers-panel').isVisible().catch(() => false)) return true;
    await clickLikeAUser(page, page.locator('#status\\.problems'));
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 3000 });
    return true;
  }, { timeoutMs: 20_000 });
}

const rowTexts = (rows) =>
  rows.map((r) => {
    const t = (sel) => r.querySelector(sel)?.textContent?.trim() ?? '';
    const code = t('.marker-code');
    return {
      index: Number(r.getAttribute('data-index')),
      last: r.getAttribute('data-last-element') === 'true',
      text: `${t('.marker-message')} ${t('.marker-source')}${code ? `(${code})` : ''} ${t('.marker-line')}`.trim(),
    };
  });

/**
 * Scrolls the Problems list (it is virtualised: only rows on screen exist in the DOM) from the top until
 * visit() returns true or the list ends. Wheel scrolling, so nothing depends on keyboard focus.
 */
async function walkProblems(page, visit) {
  const list = markersList(page);
  if (!(await list.isVisible().catch(() => false))) return false;
  const box = await list.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
  await page.mouse.wheel(0, -100_000);
  await page.waitForTimeout(100);
  for (let i = 0; i < 200; i++) {
    const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
      els.map((r) => ({ index: Number(r.getAttribute('data-index')), last: r.getAttribute('data-last-element') === 'true' })),
    );
    if (await visit()) return true;
    if (rows.length === 0 || rows.some((r) => r.last)) return false;
    await page.mouse.wheel(0, Math.max(44, box.height * 0.6));
    await page.waitForTimeout(120);
  }
  return false;
}

/** Texts of all problem rows in the Problems panel (must be open), each `message source(code) [Ln 1, Col 1]`. */
export async function readProblems(page) {
  const seen = new Map();
  await walkProblems(page, async () => {
    for (const r of await markerRows(page).evaluateAll(rowTexts)) seen.set(r.index, r.text);
    return false;
  });
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
}

/** Scrolls the Problems panel until the row of the problem with this code (or text) is fully on screen. */
async function problemRow(page, { code, line }) {
  const row = code ? markerRows(page).filter({ has: page.locator('.marker-code', { hasText: new RegExp(`^${escapeRegExp(code)}$`) }) }).first()
    : markerRows(page).filter({ hasText: `[Ln ${line},` }).first();
  const onScreen = async () => {
    if (!(await row.isVisible().catch(() => false))) return false;
    const [r, l] = [await row.boundingBox(), await markersList(page).boundingBox()];
    return r && l && r.y >= l.y && r.y + r.height <= l.y + l.height;
  };
  if (!(await onScreen()) && !(await walkProblems(page, onScreen))) {
    throw new Error(`no problem row for ${code ? `code ${code}` : `line ${line}`} in the Problems panel`);
  }
  return row;
}

/**
 * Waits until the Problems panel lists a problem whose code (or text) matches, and returns the texts of
 * all problem rows, each like `message source(code) [Ln 1, Col 1]`.
 * @param {{code?: string, text?: string|RegExp, timeoutMs?: number}} opts
 */
export async function waitForProblems(page, { code, text, timeoutMs = 60_000 } = {}) {
  await showProblems(page);
  const matches = (row) =>
    (code === undefined || row.includes(`(${code})`)) &&
    (text === undefined || (text instanceof RegExp ? text.test(row) : row.includes(text)));
  let rows = [];
  await retry(`problem ${code ?? ''} ${text ?? ''}`.trim(), async () => {
    rows = await readProblems(page);
    return rows.some(matches);
  }, { timeoutMs, intervalMs: 500 }).catch((e) => {
    throw new Error(`${e.message}; Problems panel shows: ${JSON.stringify(rows)}`);
  });
  return rows;
}

/** Parses `[Ln 12, Col 3]` out of a problem row's text. */
export function problemPosition(rowText) {
  const m = /\[Ln (\d+), Col (\d+)\]/.exec(rowText);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Puts the cursor at the start of a 1-based line by clicking it; reveals it via its Problems row if needed. */
async function clickLine(page, line, code) {
  const number = page.locator('.editor-group-container.active .monaco-editor .margin-view-overlays .line-numbers', {
    hasText: new RegExp(`^\\s*${line}\\s*$`),
  }).first();
  if (!(await number.isVisible().catch(() => false))) {
    // A click on a Problems row reveals its line in the editor.
    await clickLikeAUser(page, await problemRow(page, { code, line }));
    await number.waitFor({ state: 'visible', timeout: 5000 });
  }
  const viewLines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  // Line numbers are re-rendered as decorations arrive, so an element seen a moment ago may be gone.
  const [nb, lines] = await retry(`line ${line} on screen`, async () => {
    const boxes = [await number.boundingBox(), await viewLines.boundingBox()];
    return boxes.every(Boolean) && boxes;
  }, { timeoutMs: 5000, intervalMs: 200 });
  const y = nb.y + nb.height / 2 - lines.y;
  // The lightbulb is computed on cursor *changes*: a click on the spot where the cursor already is (the
  // file opens with it at 1:1) shows nothing. So click the end of the line first, then its start.
  await clickLikeAUser(page, viewLines, { position: { x: Math.min(lines.width - 20, 900), y } });
  await page.waitForTimeout(250);
  await clickLikeAUser(page, viewLines, { position: { x: 3, y } });
  return nb;
}

/** Clicks the first menu item whose text matches title (a RegExp, or a case-sensitive substring). */
async function pickFromMenu(page, items, title, scrollArea) {
  const re = title instanceof RegExp ? title : new RegExp(escapeRegExp(title));
  const item = items.filter({ hasText: re }).first();
  await items.first().waitFor({ state: 'visible', timeout: 5000 });
  await page.waitForTimeout(150); // the list renders its rows in one go, but not in the same frame
  for (let i = 0; i < 30 && !(await item.isVisible().catch(() => false)); i++) {
    // Long menus are virtualised lists too.
    const box = await page.locator(scrollArea).first().boundingBox().catch(() => null);
    if (!box) break;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(100);
  }
  if (!(await item.isVisible().catch(() => false))) {
    const offered = await items.allTextContents().catch(() => []);
    throw new Error(`no code action matching ${re}; the menu offered ${JSON.stringify(offered)}`);
  }
  const chosen = (await item.textContent())?.trim();
  await clickLikeAUser(page, item);
  return chosen;
}

const isDirty = (page) => activeTab(page).evaluate((el) => el.classList.contains('dirty')).catch(() => false);

/**
 * Applies the code action whose title matches, by clicking through the UI. Tries, in turn, the editor's
 * lightbulb, the hover's "Quick Fix..." link, and the "Show fixes" button on the problem's row in the
 * Problems panel, until one edit lands (the active editor turns dirty). The Problems route goes last:
 * the panel caches a row's fixes, and once it has cached none the button never turns on.
 * @param {{line: number, code?: string, titleIncludes: string|RegExp, timeoutMs?: number, order?: string[]}} opts
 *   line: 1-based line of the diagnostic; code: its code, to find its Problems row; titleIncludes: a
 *   case-sensitive substring or a RegExp (case matters: "Disable children-age…" must not match "Children").
 * @returns {Promise<{route: string, title: string, failedAttempts: string[]}>}
 */
export async function applyQuickFix(page, { line, code, titleIncludes, timeoutMs = 60_000, order = ['lightbulb', 'hover', 'problems'] } = {}) {
  if (!line || !titleIncludes) throw new Error('applyQuickFix: line and titleIncludes are required');
  if (await isDirty(page)) throw new Error('applyQuickFix: the editor already has unsaved changes');
  const editor = '.editor-group-container.active .monaco-editor';
  const actionWidget = () => pickFromMenu(page, page.locator('.action-widget .monaco-list-row.action'), titleIncludes, '.action-widget .monaco-list');
  const routes = {
    async lightbulb() {
      await clickLine(page, line, code);
      const bulb = page.locator(`${editor} .lightBulbWidget`);
      await bulb.waitFor({ state: 'visible', timeout: 8000 });
      await clickLikeAUser(page, bulb);
      return actionWidget();
    },
    async problems() {
      await showProblems(page);
      const row = await problemRow(page, { code, line });
      await row.hover();
      // The button turns enabled once the panel has fetched the row's fixes; selecting the row
      // (which also reveals it in the editor) makes it fetch them if hovering did not.
      const button = row.locator('.markers-panel-action-quickfix:not(.disabled)');
      if (!(await button.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) {
        await clickLikeAUser(page, row.locator('.marker-message'));
        await row.hover();
        await button.waitFor({ state: 'visible', timeout: 6000 });
      }
      await clickLikeAUser(page, button);
      return pickFromMenu(page, page.locator('.context-view .monaco-menu .action-menu-item'), titleIncludes, '.context-view .monaco-menu');
    },
    async hover() {
      const nb = await clickLine(page, line, code);
      const mid = nb.y + nb.height / 2;
      const b = await retry(`squiggle on line ${line}`, async () => {
        for (const sq of await page.locator(`${editor} .view-overlays [class*="squiggly-"]`).all()) {
          const box = await sq.boundingBox().catch(() => null);
          if (box && box.width > 0 && Math.abs(box.y + box.height / 2 - mid) < nb.height) return box;
        }
        return null;
      }, { timeoutMs: 5000, intervalMs: 250 });
      await page.mouse.move(b.x + Math.min(20, b.width / 2), b.y + b.height / 2, { steps: 4 });
      const link = page.locator('.monaco-hover .action', { hasText: 'Quick Fix' }).first();
      await link.waitFor({ state: 'visible', timeout: 8000 });
      await clickLikeAUser(page, link);
      return actionWidget();
    },
  };
  const errors = [];
  let result;
  await retry(`quick fix ${titleIncludes}`, async (attempt) => {
    const route = order[(attempt - 1) % order.length];
    try {
      const title = await routes[route]();
      await retry('edit applied', () => isDirty(page), { timeoutMs: 5000, intervalMs: 200 });
      result = { route, title };
      return true;
    } catch (e) {
      errors.push(`${route}: ${e.message.split('\n')[0]}`);
      await page.keyboard.press('Escape').catch(() => {}); // close a half-open menu or hover
      await dismissNoise(page);
      return false;
    }
  }, { timeoutMs, intervalMs: 500 }).catch((e) => {
    throw new Error(`${e.message}\n  attempts: ${errors.join('\n  ')}`);
  });
  return { ...result, failedAttempts: errors };
}

/** Saves the active editor: Ctrl+S with the editor focused by a click, then File > Save from the menu. */
export async function save(page, { timeoutMs = 30_000, order = ['keys', 'menu'] } = {}) {
  await retry('save', async (attempt) => {
    if (!(await isDirty(page))) return true;
    if (order[(attempt - 1) % order.length] === 'keys') {
      // A click on the active tab focuses the editor without moving its cursor or selection.
      await clickLikeAUser(page, activeTab(page).locator('.tab-label'));
      await page.keyboard.press('Control+S');
    } else {
      await clickLikeAUser(page, page.locator('[aria-label="Application Menu"]'));
      await clickLikeAUser(page, page.locator('.monaco-menu .action-menu-item', { hasText: /^File$/ }).first());
      await clickLikeAUser(page, page.locator('.monaco-menu .action-menu-item', { hasText: /^Save\s*(Ctrl\+S)?$/ }).first());
    }
    await retry('saved', async () => !(await isDirty(page)), { timeoutMs: 4000, intervalMs: 200 }).catch(() => {});
    return !(await isDirty(page));
  }, { timeoutMs, intervalMs: 500 });
}

/**
 * Scrolls the active editor with the mouse wheel until a line containing text sits in the upper half of
 * the visible editor (so a screenshot shows it with what follows). Returns whether it got there.
 */
export async function revealText(page, text, { maxSteps = 60 } = {}) {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const target = editor.locator('.view-lines .view-line', { hasText: text }).first();
  const view = await editor.boundingBox();
  await page.mouse.move(view.x + view.width / 2, view.y + Math.min(view.height / 2, 100));
  await page.mouse.wheel(0, -100_000);
  await page.waitForTimeout(150);
  for (let i = 0; i < maxSteps; i++) {
    const t = (await target.isVisible().catch(() => false)) ? await target.boundingBox() : null;
    if (t && t.y >= view.y && t.y <= view.y + view.height / 2) return true;
    await page.mouse.wheel(0, t && t.y < view.y ? -40 : 60);
    await page.waitForTimeout(100);
  }
  return false;
}

/** Full-page screenshot into path (directories created). */
export async function screenshot(page, path) {
  await mkdir(dirname(resolve(path)), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return resolve(path);
}
