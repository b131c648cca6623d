// Drives the real VS Code workbench (code-server) in headless Chromium for end-to-end tests.
// Everything an instance writes lives in one temp dir (user data, extensions, config), so runs never
// share state; the kit itself (code-server, playwright-core) lives outside the repo, see ensureKit().
// Hands-on notes on flags, focus and flakiness: ../shared/docs/conventions.md §2.3 and ./README.md.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

export { basename };
