// Lints (or fixes) a list of files: find each file's config, read and decode it, run the engine,
// write fixes. Used by the main thread and by worker threads alike, so everything it takes and
// returns is plain, cloneable data.

import { dirname, relative } from 'node:path';
import { ConfigError, Linter, encodeText, formatForPath, mergeConfig, type ConfigInput, type LintResult, type ResolvedConfig } from '../engine/index.js';
import { ConfigFiles, loadConfigFile, type LoadedConfig } from '../node/config-files.js';
import { globMatcher } from '../node/glob.js';
import { readPolicy } from '../node/read-policy.js';
import { unifiedDiff } from './diff.js';
import { toPosix } from './discover.js';
import { buildReport, type FileReport } from './report.js';
import { writeAtomically } from './write-fixed.js';

export interface Job {
  cwd: string;
  cliLayer: ConfigInput;
  /** Absolute path of a config named with --config (used for every file), or null. */
  explicitConfig: string | null;
  noConfigLookup: boolean;
  /** ISO date the staleness rules judge against. */
  today: string;
  mode: 'lint' | 'fix' | 'dry-run';
  quiet: boolean;
  /** Build each report's coverage matrix and evidence (the html format). */
  coverage?: boolean;
}

export interface FileOutcome {
  file: string;
  report?: FileReport;
  /** One-line problem for stderr (unreadable file, refused write); makes the exit code 2. */
  problem?: string;
  diff?: string;
  /** True when the file was skipped by a config's `ignores`. */
  ignored?: boolean;
}

export class FileLinter {
  private configs = new ConfigFiles();
  private explicit: LoadedConfig | null;
  private linter = new Linter();
  private today: Date;

  constructor(private readonly job: Job) {
    this.explicit = job.explicitConfig ? loadConfigFile(job.explicitConfig) : null;
    this.today = new Date(job.today);
  }

  configFor(path: string): { config: ResolvedConfig; source: LoadedConfig | null } {
    const source = this.explicit ?? (this.job.noConfigLookup ? null : this.configs.forFile(path));
    return { config: mergeConfig(source?.config, this.job.cliLayer), source };
  }

  lintFile(file: string): FileOutcome {
    const { cwd, mode, quiet } = this.job;
    const display = toPosix(relative(cwd, file)) || file;
    const { config, source } = this.configFor(file);
    if (config.ignores.length) {
      // `ignores` are relative to the config file that lists them, or to cwd for --config (as ESLint).
      const base = this.explicit || !source ? cwd : dirname(source.file);
      let ignored: (path: string) => boolean;
      try {
        ignored = globMatcher(config.ignores, { dot: true });
      } catch (e) {
        throw new ConfigError(source?.file ?? 'command line', 'ignores', e instanceof Error ? e.message : String(e));
      }
      if (ignored(toPosix(relative(base, file)))) return { file, ignored: true };
    }
    const read = readPolicy(file, config.maxFileSize);
    if (!read.ok) return { file, problem: `${display}: ${read.message}` };
    const input = { uri: file, text: read.value.text, format: formatForPath(file) };
    const options = { config, today: this.today };
    if (mode === 'lint') return { file, report: buildReport(file, display, this.linter.lint(input, options), quiet, { coverage: this.job.coverage }) };

    const fixed = this.linter.fix(input, options);
    let result: LintResult = fixed.result;
    const out: FileOutcome = { file };
    if (fixed.text !== read.value.text) {
      if (mode === 'dry-run') out.diff = unifiedDiff(display, read.value.text, fixed.text);
      else {
        try {
          // Compared with the bytes that were linted, not a second read: an edit saved while we worked is never overwritten.
          writeAtomically(file, encodeText(fixed.text, read.value.encoding, read.value.bom), read.raw, cwd);
        } catch (e) {
          out.problem = `${display}: ${e instanceof Error ? e.message : String(e)}`;
          result = this.linter.lint(input, options);
        }
      }
    }
    out.report = buildReport(file, display, result, quiet, { coverage: this.job.coverage });
    return out;
  }
}
