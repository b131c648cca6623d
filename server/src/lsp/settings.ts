// Settings per document: the client's `privacyLint` section for the document's resource (scopeUri), merged
// as defaults < editor settings < the nearest .privacylintrc.* (the file wins). Cached per document and
// dropped on didChangeConfiguration or a config file change. Bad settings or a bad config file never
// stop linting: the bad layer (or key) is left out and the problem is reported once.

import { fileURLToPath } from 'node:url';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import {
  ConfigError,
  builtinCatalogue,
  checkAudience,
  checkEdition,
  checkJurisdiction,
  mergeConfig,
  validateConfig,
  type Audience,
  type ConfigInput,
  type Jurisdiction,
  type Organization,
  type ResolvedConfig,
  type SeveritySetting,
} from '../engine/index.js';
import { ConfigFiles } from '../node/config-files.js';

export const SECTION = 'privacyLint';
export const DEFAULT_DEBOUNCE_MS = 200;
const MAX_DEBOUNCE_MS = 10_000;

/** The settings shape the editor sends (all optional; unknown keys are ignored). */
export interface EditorSettings {
  enable: boolean;
  jurisdictions: Jurisdiction[] | 'auto';
  rules: Record<string, SeveritySetting>;
  organization: Organization;
  audience: Audience;
  /** YYYY-MM-DD, or '' for every rule in force today. */
  rulesEdition: string;
  debounceMs: number;
  /** Globs for privacyLint.lintWorkspace (the VS Code client contributes `privacyLint.files`). */
  files: string[] | null;
}

export interface ConfigProblem {
  /** Where the problem is: 'settings' or the config file path. */
  source: string;
  message: string;
  /** The config file, when the problem is in one. */
  file?: string;
}

export interface EffectiveConfig {
  enable: boolean;
  debounceMs: number;
  config: ResolvedConfig;
  /** The .privacylintrc.* in use, if any. */
  configFile: string | null;
  files: string[] | null;
  problems: ConfigProblem[];
  /** Bumped on every invalidation: a lint result computed under an older generation is stale. */
  generation: number;
}

export interface EditorLayer {
  enable: boolean;
  debounceMs: number;
  files: string[] | null;
  layer: ConfigInput;
  problems: ConfigProblem[];
}

export interface SettingsCapabilities {
  /** The client answers workspace/configuration. */
  configuration: boolean;
}

export class Settings {
  private generation = 0;
  private perDocument = new Map<string, Promise<EffectiveConfig>>();
  private readonly configFiles = new ConfigFiles();
  private readonly shown = new Set<string>();
  /** Settings pushed with didChangeConfiguration or initializationOptions, for clients without workspace/configuration. */
  private pushed: unknown = undefined;

  constructor(
    private readonly connection: Connection,
    private readonly caps: SettingsCapabilities,
  ) {}

  get currentGeneration(): number {
    return this.generation;
  }

  /** Settings from initializationOptions or a didChangeConfiguration payload: `{privacyLint: {...}}` or the section itself. */
  setPushed(value: unknown): void {
    if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      this.pushed = SECTION in obj ? obj[SECTION] : obj;
    }
  }

  forDocument(uri: string): Promise<EffectiveConfig> {
    let p = this.perDocument.get(uri);
    if (!p) {
      const generation = this.generation;
      p = this.compute(uri, generation);
      this.perDocument.set(uri, p);
      // A failed lookup must not be cached forever.
      p.catch(() => this.perDocument.delete(uri));
    }
    return p;
  }

  /**
   * The editor settings for a scope (a folder, for lintWorkspace) without a config file: combine them
   * with `withConfigFile` per file. Not cached.
   */
  async editorFor(scopeUri: string): Promise<EditorLayer> {
    const problems: ConfigProblem[] = [];
    const raw = await this.rawSettings(scopeUri);
    return { ...readEditorSettings(raw, problems), problems };
  }

  /** Everything cached is stale: settings changed, or a config file changed on disk. */
  invalidateAll(): void {
    this.generation++;
    this.perDocument.clear();
    this.configFiles.clear();
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }

  /** window/showMessage, once per distinct message for the life of the server. */
  notifyOnce(message: string): void {
    if (this.shown.has(message)) return;
    this.shown.add(message);
    // The notification, not window/showMessageRequest: nothing to answer, and every client supports it.
    this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `privacy-lint: ${message}` }).catch(() => undefined);
  }

  private async compute(uri: string, generation: number): Promise<EffectiveConfig> {
    const editor = await this.editorFor(uri);
    const effective = this.withConfigFile(editor, fsPathOf(uri), generation);
    for (const p of effective.problems) this.notifyOnce(p.source === 'settings' ? `invalid setting ${p.message}` : `invalid config: ${p.message}`);
    return effective;
  }

  private async rawSettings(scopeUri: string): Promise<unknown> {
    if (!this.caps.configuration) return this.pushed;
    let raw: unknown;
    try {
      raw = await this.connection.workspace.getConfiguration({ scopeUri, section: SECTION });
    } catch (e) {
      this.connection.console.warn(`workspace/configuration failed for ${scopeUri}: ${errorText(e)}`);
    }
    // Neovim answers null for a section it has no settings for; fall back to what was pushed.
    return raw === null || raw === undefined ? this.pushed : raw;
  }

  /** Editor settings merged with the nearest .privacylintrc.* of `path` (a file, or a directory when `isDir`). */
  withConfigFile(editor: EditorLayer, path: string | null, generation = this.generation, isDir = false): EffectiveConfig {
    const problems = [...editor.problems];
    let fileLayer: ConfigInput | undefined;
    let configFile: string | null = null;
    if (path) {
      try {
        const found = isDir ? this.configFiles.forDir(path) : this.configFiles.forFile(path);
        if (found) {
          fileLayer = found.config;
          configFile = found.file;
        }
      } catch (e) {
        const file = e instanceof ConfigError ? e.file : undefined;
        problems.push({ source: file ?? 'config file', message: e instanceof Error ? e.message : String(e), ...(file ? { file } : {}) });
      }
    }
    return {
      enable: editor.enable,
      debounceMs: editor.debounceMs,
      config: mergeConfig(editor.layer, fileLayer),
      configFile,
      files: editor.files,
      problems,
      generation,
    };
  }
}

/** The file system path of a file: URI, or null for untitled:, vscode-notebook-cell: and the like. */
export function fsPathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/**
 * Reads the editor's section leniently, key by key: a bad value drops only that key (and is reported),
 * so one typo in a rule severity does not switch off the organisation facts or the jurisdictions.
 */
export function readEditorSettings(raw: unknown, problems: ConfigProblem[]): { enable: boolean; debounceMs: number; files: string[] | null; layer: ConfigInput } {
  const out = { enable: true, debounceMs: DEFAULT_DEBOUNCE_MS, files: null as string[] | null, layer: {} as ConfigInput };
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ source: 'settings', message: `"${SECTION}" must be an object` });
    return out;
  }
  const s = raw as Record<string, unknown>;
  const where = `settings (${SECTION})`;
  const bad = (key: string, detail: string) => problems.push({ source: 'settings', message: `"${SECTION}.${key}": ${detail}` });
  const ruleIds = builtinCatalogue().rules.map((r) => r.id);

  if (s.enable !== undefined && s.enable !== null) {
    if (typeof s.enable === 'boolean') out.enable = s.enable;
    else bad('enable', 'must be true or false');
  }
  if (s.debounceMs !== undefined && s.debounceMs !== null) {
    const n = typeof s.debounceMs === 'string' ? Number(s.debounceMs) : s.debounceMs;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) out.debounceMs = Math.min(MAX_DEBOUNCE_MS, Math.round(n));
    else bad('debounceMs', 'must be a number of milliseconds (0 or more)');
  }
  if (Array.isArray(s.files) && s.files.every((g) => typeof g === 'string') && s.files.length) out.files = s.files as string[];

  const j = s.jurisdictions;
  if (j !== undefined && j !== null && !(Array.isArray(j) && j.length === 0) && j !== '') {
    try {
      if (j === 'auto') out.layer.jurisdictions = 'auto';
      else {
        const list = typeof j === 'string' ? j.split(',').map((x) => x.trim()) : j;
        if (!Array.isArray(list)) throw new ConfigError(where, 'jurisdictions', 'must be "auto" or a list of jurisdictions');
        // A list that contains "auto" means auto (VS Code array settings cannot be a plain string).
        out.layer.jurisdictions = list.includes('auto') ? 'auto' : list.map((x, i) => checkJurisdiction(x, where, `jurisdictions[${i}]`));
      }
    } catch (e) {
      problems.push({ source: 'settings', message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (s.rules !== undefined && s.rules !== null) {
    if (typeof s.rules !== 'object' || Array.isArray(s.rules)) bad('rules', 'must map rule ids to "error", "warning", "info" or "off"');
    else {
      const rules: Record<string, SeveritySetting> = {};
      for (const [id, value] of Object.entries(s.rules as Record<string, unknown>)) {
        try {
          Object.assign(rules, validateConfig({ rules: { [id]: value } }, where, ruleIds).rules);
        } catch (e) {
          problems.push({ source: 'settings', message: e instanceof Error ? e.message : String(e) });
        }
      }
      if (Object.keys(rules).length) out.layer.rules = rules;
    }
  }
  // Empty strings are VS Code's "not set" for these two.
  if (s.audience !== undefined && s.audience !== null && s.audience !== '') {
    try {
      out.layer.audience = checkAudience(s.audience, where, 'audience');
    } catch (e) {
      problems.push({ source: 'settings', message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (s.rulesEdition !== undefined && s.rulesEdition !== null && s.rulesEdition !== '') {
    try {
      out.layer.rulesEdition = checkEdition(s.rulesEdition, where, 'rulesEdition');
    } catch (e) {
      problems.push({ source: 'settings', message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (s.organization !== undefined && s.organization !== null) {
    if (typeof s.organization !== 'object' || Array.isArray(s.organization)) bad('organization', 'must be an object');
    else {
      const org: Organization = {};
      for (const [k, v] of Object.entries(s.organization as Record<string, unknown>)) {
        if (v === null || v === undefined || v === '') continue;
        try {
          Object.assign(org, validateConfig({ organization: { [k]: v } }, where, ruleIds).organization);
        } catch (e) {
          problems.push({ source: 'settings', message: e instanceof Error ? e.message : String(e) });
        }
      }
      if (Object.keys(org).length) out.layer.organization = org;
    }
  }
  return out;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
