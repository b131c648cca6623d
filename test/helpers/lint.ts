// Small helpers shared by engine tests: lint a string with a pinned date and explicit jurisdictions.
import { Linter, mergeConfig, type ConfigInput, type LintResult } from '../../server/src/engine/index.js';

export const TODAY = new Date(Date.UTC(2026, 10, 23));

export function lint(text: string, opts: { format?: 'markdown' | 'text'; config?: ConfigInput } = {}): LintResult {
  const format = opts.format ?? 'markdown';
  return new Linter().lint({ uri: `t.${format === 'text' ? 'txt' : 'md'}`, text, format }, { config: mergeConfig(opts.config), today: TODAY });
}

export function fix(text: string, opts: { format?: 'markdown' | 'text'; config?: ConfigInput } = {}) {
  const format = opts.format ?? 'markdown';
  return new Linter().fix({ uri: `t.${format === 'text' ? 'txt' : 'md'}`, text, format }, { config: mergeConfig(opts.config), today: TODAY });
}

/** True when every character of `original` appears in `fixed` in order (fixes never delete text). */
export function isSubsequence(original: string, fixed: string): boolean {
  let i = 0;
  for (let j = 0; j < fixed.length && i < original.length; j++) if (fixed[j] === original[i]) i++;
  return i === original.length;
}

export function codes(r: LintResult, ruleId?: string): string[] {
  return r.findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.ruleId}:${f.code}`);
}
