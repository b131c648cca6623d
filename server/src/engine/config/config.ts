// Configuration: what a .privacylintrc file may say, validation with messages that name the file and
// the key, and merging (defaults < editor settings < config file < command line). No file system here:
// the CLI and the server find and read the files, the engine only parses and checks text.

import { parseDocument } from 'yaml';
import { JURISDICTIONS, type Jurisdiction, type Severity, type SeveritySetting } from '../types.js';

export interface Organization {
  name?: string;
  email?: string;
  postalAddress?: string;
  phone?: string;
  website?: string;
  dpoEmail?: string;
}

/** What a config file (or editor settings) may contain. Every field is optional. */
export interface ConfigInput {
  jurisdictions?: Jurisdiction[] | 'auto';
  rules?: Record<string, SeveritySetting>;
  organization?: Organization;
  /** Globs (relative to the config file) the CLI skips. */
  ignores?: string[];
  /** Files above this many bytes are refused with a clear message. */
  maxFileSize?: number;
  /**
   * Who the service is for. "child-directed" (or "mixed": a mixed-audience service is directed to
   * children under COPPA) turns on the COPPA direct-notice checks; "general" the general-audience
   * children statement; "auto" (default) infers it from the text.
   */
  audience?: Audience;
  /** Pin the rules edition: rules and items whose law took effect after this date (YYYY-MM-DD) are off. */
  rulesEdition?: string;
}

export type Audience = 'auto' | 'general' | 'child-directed';
export const AUDIENCES: Audience[] = ['auto', 'general', 'child-directed'];

export interface ResolvedConfig {
  jurisdictions: Jurisdiction[] | 'auto';
  rules: Record<string, SeveritySetting>;
  organization: Organization;
  ignores: string[];
  maxFileSize: number;
  audience?: Audience;
  rulesEdition?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    detail: string,
  ) {
    super(`${file}: ${key ? `"${key}": ` : ''}${detail}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  jurisdictions: 'auto',
  rules: {},
  organization: {},
  ignores: [],
  maxFileSize: 10 * 1024 * 1024,
};

const SEVERITIES: SeveritySetting[] = ['error', 'warning', 'info', 'off'];
const SEVERITY_ALIASES: Record<string, SeveritySetting> = { warn: 'warning', information: 'info', hint: 'info', 0: 'off', 1: 'warning', 2: 'error' };
const ORG_KEYS: Array<keyof Organization> = ['name', 'email', 'postalAddress', 'phone', 'website', 'dpoEmail'];
const TOP_KEYS = ['jurisdictions', 'rules', 'organization', 'ignores', 'maxFileSize', 'audience', 'rulesEdition', '$schema'];

/** Parses JSON or YAML config text (by file name) and validates it against the known rules. */
export function parseConfigText(text: string, file: string, ruleIds: readonly string[]): ConfigInput {
  let raw: unknown;
  const yaml = /\.ya?ml$/i.test(file);
  try {
    raw = yaml ? parseYamlStrictly(text) : JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ConfigError(file, '', `is not valid ${yaml ? 'YAML' : 'JSON'}: ${detail}`);
  }
  if (raw === null || raw === undefined) return {};
  return validateConfig(raw, file, ruleIds);
}

/**
 * YAML whose warnings are errors too: an unknown tag (`!!js/function`) is refused with one line rather
 * than printed by the yaml package as a multi-line process warning and read as a string. Alias
 * expansion stays capped by yaml's maxAliasCount (a "billion laughs" file is an error).
 */
function parseYamlStrictly(text: string): unknown {
  const doc = parseDocument(text);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw problem;
  return doc.toJS();
}

export function validateConfig(raw: unknown, file: string, ruleIds: readonly string[]): ConfigInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(file, '', 'must be an object');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!TOP_KEYS.includes(key)) throw new ConfigError(file, key, `unknown setting${suggest(key, TOP_KEYS)}; known settings: ${TOP_KEYS.slice(0, -1).join(', ')}`);
  }
  const out: ConfigInput = {};
  if (obj.jurisdictions !== undefined) {
    const j = obj.jurisdictions;
    if (j === 'auto') out.jurisdictions = 'auto';
    else {
      const list = typeof j === 'string' ? j.split(',').map((s) => s.trim()) : j;
      if (!Array.isArray(list)) throw new ConfigError(file, 'jurisdictions', `must be "auto" or a list of: ${JURISDICTIONS.join(', ')}`);
      out.jurisdictions = list.map((x, i) => checkJurisdiction(x, file, `jurisdictions[${i}]`));
    }
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) {
      throw new ConfigError(file, 'rules', 'must map rule ids to "error", "warning", "info" or "off"');
    }
    out.rules = {};
    for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!ruleIds.includes(id)) throw new ConfigError(file, `rules.${id}`, `unknown rule${suggest(id, ruleIds)}`);
      out.rules[id] = checkSeverity(value, file, `rules.${id}`);
    }
  }
  if (obj.organization !== undefined) {
    const org = obj.organization;
    if (typeof org !== 'object' || org === null || Array.isArray(org)) throw new ConfigError(file, 'organization', 'must be an object');
    out.organization = {};
    for (const [k, v] of Object.entries(org as Record<string, unknown>)) {
      if (!ORG_KEYS.includes(k as keyof Organization)) {
        throw new ConfigError(file, `organization.${k}`, `unknown field${suggest(k, ORG_KEYS)}; known fields: ${ORG_KEYS.join(', ')}`);
      }
      if (typeof v !== 'string') throw new ConfigError(file, `organization.${k}`, 'must be a string');
      if (v.trim()) out.organization[k as keyof Organization] = v.trim();
    }
  }
  if (obj.ignores !== undefined) {
    if (!Array.isArray(obj.ignores) || obj.ignores.some((g) => typeof g !== 'string')) {
      throw new ConfigError(file, 'ignores', 'must be a list of glob strings');
    }
    out.ignores = obj.ignores as string[];
  }
  if (obj.maxFileSize !== undefined) {
    if (typeof obj.maxFileSize !== 'number' || !(obj.maxFileSize > 0)) throw new ConfigError(file, 'maxFileSize', 'must be a positive number of bytes');
    out.maxFileSize = obj.maxFileSize;
  }
  if (obj.audience !== undefined) out.audience = checkAudience(obj.audience, file, 'audience');
  if (obj.rulesEdition !== undefined) out.rulesEdition = checkEdition(obj.rulesEdition, file, 'rulesEdition');
  return out;
}

export function checkAudience(value: unknown, file: string, key: string): Audience {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
  const aliases: Record<string, Audience> = { mixed: 'child-directed', 'mixed-audience': 'child-directed', children: 'child-directed', 'general-audience': 'general' };
  const a = typeof v === 'string' ? (aliases[v] ?? v) : v;
  if (typeof a !== 'string' || !(AUDIENCES as string[]).includes(a)) {
    throw new ConfigError(file, key, `must be one of: ${AUDIENCES.join(', ')} (or "mixed", which COPPA treats as child-directed); got ${JSON.stringify(value)}`);
  }
  return a as Audience;
}

/** A rules edition is a real calendar date written YYYY-MM-DD (YAML may hand us a Date). */
export function checkEdition(value: unknown, file: string, key: string): string {
  const s = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value;
  const m = typeof s === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim()) : null;
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])) return m[0];
  }
  throw new ConfigError(file, key, `must be a date written YYYY-MM-DD, e.g. "2026-01-01" (got ${JSON.stringify(value)})`);
}

export function checkJurisdiction(value: unknown, file: string, key: string): Jurisdiction {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
  const aliases: Record<string, Jurisdiction> = { ukgdpr: 'uk-gdpr', uk: 'uk-gdpr', cpra: 'ccpa', 'cal-oppa': 'caloppa', eu: 'gdpr' };
  const j = typeof v === 'string' ? (aliases[v] ?? v) : v;
  if (typeof j !== 'string' || !(JURISDICTIONS as readonly string[]).includes(j)) {
    throw new ConfigError(file, key, `unknown jurisdiction ${JSON.stringify(value)}; use one of: ${JURISDICTIONS.join(', ')}`);
  }
  return j as Jurisdiction;
}

function checkSeverity(value: unknown, file: string, key: string): SeveritySetting {
  const v = typeof value === 'string' ? value.toLowerCase() : value;
  if (typeof v === 'string' && (SEVERITIES as string[]).includes(v)) return v as SeveritySetting;
  const alias = SEVERITY_ALIASES[String(v)];
  if (alias) return alias;
  throw new ConfigError(file, key, `must be one of "error", "warning", "info", "off" (got ${JSON.stringify(value)})`);
}

/** Later layers win; rule severities and organisation fields merge key by key. */
export function mergeConfig(...layers: Array<ConfigInput | undefined>): ResolvedConfig {
  const out: ResolvedConfig = { ...DEFAULT_CONFIG, rules: {}, organization: {}, ignores: [] };
  for (const l of layers) {
    if (!l) continue;
    if (l.jurisdictions !== undefined) out.jurisdictions = l.jurisdictions;
    if (l.rules) Object.assign(out.rules, l.rules);
    if (l.organization) Object.assign(out.organization, l.organization);
    if (l.ignores) out.ignores = [...out.ignores, ...l.ignores];
    if (l.maxFileSize !== undefined) out.maxFileSize = l.maxFileSize;
    if (l.audience !== undefined) out.audience = l.audience;
    if (l.rulesEdition !== undefined) out.rulesEdition = l.rulesEdition;
  }
  return out;
}

export function severityFor(config: ResolvedConfig, ruleId: string, fallback: Severity): SeveritySetting {
  return config.rules[ruleId] ?? fallback;
}

function suggest(word: string, options: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
