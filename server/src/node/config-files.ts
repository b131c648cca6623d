// Finds and reads .privacylintrc.{json,yaml,yml} for a file: the nearest one walking up from the file's
// own directory wins (not the working directory's: vale-cli/vale#843), stopping at the filesystem root.
// Shared by the CLI and the language server; results are cached per directory until cleared.

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { builtinCatalogue, parseConfigText, type ConfigInput } from '../engine/index.js';

export const CONFIG_NAMES = ['.privacylintrc.json', '.privacylintrc.yaml', '.privacylintrc.yml'];

export interface LoadedConfig {
  file: string;
  config: ConfigInput;
}

export class ConfigFiles {
  private byDir = new Map<string, LoadedConfig | null>();

  /** The config that applies to `filePath`, or null when none is found. Throws ConfigError when invalid. */
  forFile(filePath: string): LoadedConfig | null {
    return this.forDir(dirname(resolve(filePath)));
  }

  forDir(dir: string): LoadedConfig | null {
    const cached = this.byDir.get(dir);
    if (cached !== undefined) return cached;
    let found: LoadedConfig | null = null;
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name);
      if (isFile(file)) {
        found = loadConfigFile(file);
        break;
      }
    }
    if (!found) {
      const parent = dirname(dir);
      found = parent === dir ? null : this.forDir(parent);
    }
    this.byDir.set(dir, found);
    return found;
  }

  clear(): void {
    this.byDir.clear();
  }
}

export function loadConfigFile(file: string): LoadedConfig {
  const text = readFileSync(file, 'utf8');
  const ruleIds = builtinCatalogue().rules.map((r) => r.id);
  return { file, config: parseConfigText(text, file, ruleIds) };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
