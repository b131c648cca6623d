// `privacy-lint`: the CI adapter over the engine. It finds files and their configs, reads and decodes
// them, lints (or fixes) them, prints a report, and maps the outcome to ESLint's exit codes:
// 0 clean, 1 lint errors or too many warnings, 2 usage/config/I-O trouble (one line on stderr each).

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import {
  ConfigError,
  Linter,
  builtinCatalogue,
  encodeText,
  formatForPath,
  mergeConfig,
  type ConfigInput,
  type LintResult,
  type ResolvedConfig,
} from '../engine/index.js';
import { ConfigFiles, loadConfigFile, type LoadedConfig } from '../node/config-files.js';
import { readPolicy } from '../node/read-policy.js';
import { HELP, UsageError, parseArgs, type CliOptions } from './args.js';
import { unifiedDiff } from './diff.js';
import { discover, toPosix } from './discover.js';
import { github } from './formatters/github.js';
import { sarif } from './formatters/sarif.js';
import { stylish } from './formatters/stylish.js';
import { buildReport, toJson, type FileReport } from './report.js';
import { writeAtomically } from './write-fixed.js';
import picomatch from 'picomatch';

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: !!process.stdout.isTTY,
    env: process.env,
  };
}

export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`privacy-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    io.stdout(HELP);
    return 0;
  }
  if (opts.version) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  try {
    return await run(opts, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`privacy-lint: invalid config: ${e.message}\n`);
      return 2;
    }
    io.stderr(`privacy-lint: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

async function run(opts: CliOptions, io: Io): Promise<number> {
  const cliLayer: ConfigInput = { rules: opts.rules };
  if (opts.jurisdictions) cliLayer.jurisdictions = opts.jurisdictions;
  const ruleIds = builtinCatalogue().rules.map((r) => r.id);
  for (const id of Object.keys(opts.rules)) {
    if (!ruleIds.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"`);
  }
  const explicit: LoadedConfig | null = opts.config ? loadExplicit(resolve(io.cwd, opts.config)) : null;
  const files = new ConfigFiles();
  const configFor = (path: string): { config: ResolvedConfig; source: LoadedConfig | null } => {
    const source = explicit ?? (opts.noConfigLookup ? null : files.forFile(path));
    return { config: mergeConfig(source?.config, cliLayer), source };
  };

  if (opts.printConfig) {
    const path = resolve(io.cwd, opts.printConfig);
    const { config, source } = configFor(path);
    io.stdout(JSON.stringify({ configFile: source ? toPosix(relative(io.cwd, source.file)) : null, ...config }, null, 2) + '\n');
    return 0;
  }

  const today = opts.today ?? new Date();
  const linter = new Linter();
  const reports: FileReport[] = [];
  const problems: string[] = [];
  const diffs: string[] = [];

  if (opts.stdin) {
    const name = opts.stdinFilename ?? '<stdin>.md';
    const path = resolve(io.cwd, name);
    const text = (await io.readStdin()).replace(/^\uFEFF/, '');
    const { config } = configFor(path);
    const input = { uri: path, text, format: formatForPath(name) };
    let result: LintResult;
    if (opts.fixDryRun) {
      const fixed = linter.fix(input, { config, today });
      diffs.push(unifiedDiff(toPosix(name), text, fixed.text));
      result = fixed.result;
    } else result = linter.lint(input, { config, today });
    reports.push(buildReport(path, toPosix(name), result, opts.quiet));
  } else {
    if (!opts.patterns.length) throw new UsageError('no files given (try: privacy-lint . or privacy-lint "policies/**/*.md")');
    const found = discover(opts.patterns, io.cwd, opts.ignorePatterns);
    problems.push(...found.errors);
    for (const file of found.files) {
      const display = toPosix(relative(io.cwd, file)) || file;
      let config: ResolvedConfig;
      let source: LoadedConfig | null;
      try {
        ({ config, source } = configFor(file));
      } catch (e) {
        if (e instanceof ConfigError) throw e;
        throw e;
      }
      if (config.ignores.length && isIgnoredBy(explicit ? io.cwd : dirname(source!.file), file, config.ignores)) continue;
      const read = readPolicy(file, config.maxFileSize);
      if (!read.ok) {
        problems.push(`${display}: ${read.message}`);
        continue;
      }
      const input = { uri: file, text: read.value.text, format: formatForPath(file) };
      let result: LintResult;
      if (opts.fix || opts.fixDryRun) {
        const fixed = linter.fix(input, { config, today });
        result = fixed.result;
        if (fixed.text !== read.value.text) {
          if (opts.fixDryRun) diffs.push(unifiedDiff(display, read.value.text, fixed.text));
          else {
            try {
              const original = readFileSync(file);
              writeAtomically(file, encodeText(fixed.text, read.value.encoding, read.value.bom), original.length === read.bytes ? original : new Uint8Array(), io.cwd);
            } catch (e) {
              problems.push(`${display}: ${e instanceof Error ? e.message : String(e)}`);
              result = linter.lint(input, { config, today });
            }
          }
        }
      } else {
        result = linter.lint(input, { config, today });
      }
      reports.push(buildReport(file, display, result, opts.quiet));
    }
  }

  let output: string;
  switch (opts.format) {
    case 'json':
      output = toJson(reports) + '\n';
      break;
    case 'sarif':
      output = sarif(reports, builtinCatalogue().rules, version()) + '\n';
      break;
    case 'github':
      output = github(reports);
      break;
    default:
      output = stylish(reports, opts.color ?? (io.isTTY && !io.env.NO_COLOR));
  }
  if (diffs.length) io.stdout(diffs.join(''));
  if (opts.outputFile) writeFileSync(resolve(io.cwd, opts.outputFile), output);
  else io.stdout(output);

  for (const p of problems) io.stderr(`privacy-lint: ${p}\n`);
  if (problems.length) return 2;
  const errors = reports.reduce((n, r) => n + r.errorCount, 0);
  const warnings = reports.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (opts.maxWarnings >= 0 && warnings > opts.maxWarnings) {
    io.stderr(`privacy-lint: ${warnings} warnings exceed --max-warnings ${opts.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

function loadExplicit(path: string): LoadedConfig {
  try {
    return loadConfigFile(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new UsageError(`cannot read config "${path}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/**
 * Config `ignores` are globs relative to the directory of the config file that lists them, or to the
 * working directory for a config named with --config (as ESLint does).
 */
function isIgnoredBy(base: string, file: string, ignores: string[]): boolean {
  const rel = toPosix(relative(base, file));
  return picomatch(ignores, { dot: true })(rel);
}
