// Command-line arguments of `privacy-lint`. Hand-written (no dependency): a handful of flags, each
// with a clear error for a bad value, since a CI log is often the only place a user sees them.

import { checkJurisdiction, ConfigError, type Jurisdiction, type SeveritySetting } from '../engine/index.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  patterns: string[];
  format: Format;
  fix: boolean;
  fixDryRun: boolean;
  jurisdictions: Jurisdiction[] | null;
  maxWarnings: number;
  quiet: boolean;
  config: string | null;
  noConfigLookup: boolean;
  rules: Record<string, SeveritySetting>;
  ignorePatterns: string[];
  outputFile: string | null;
  today: Date | null;
  color: boolean | null;
  stdin: boolean;
  stdinFilename: string | null;
  printConfig: string | null;
  threads: number | null;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

const SEVERITY_WORDS = ['error', 'warning', 'warn', 'info', 'off'];

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    patterns: [],
    format: 'stylish',
    fix: false,
    fixDryRun: false,
    jurisdictions: null,
    maxWarnings: -1,
    quiet: false,
    config: null,
    noConfigLookup: false,
    rules: {},
    ignorePatterns: [],
    outputFile: null,
    today: null,
    color: null,
    stdin: false,
    stdinFilename: null,
    printConfig: null,
    threads: null,
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || (v.startsWith('-') && v !== '-')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-f':
      case '--format': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format "${f}"; use one of: ${FORMATS.join(', ')}`);
        o.format = f as Format;
        break;
      }
      case '--fix':
        o.fix = true;
        break;
      case '--fix-dry-run':
        o.fixDryRun = true;
        break;
      case '--jurisdiction':
      case '--jurisdictions': {
        const v = value();
        try {
          o.jurisdictions = v === 'auto' ? null : v.split(',').filter(Boolean).map((j, k) => checkJurisdiction(j, '--jurisdiction', String(k)));
        } catch (e) {
          throw new UsageError(e instanceof ConfigError ? e.message.replace(/^--jurisdiction: "\d+": /, '--jurisdiction: ') : String(e));
        }
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (!/^-?\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number (got "${v}")`);
        o.maxWarnings = Number(v);
        break;
      }
      case '-q':
      case '--quiet':
        o.quiet = true;
        break;
      case '-c':
      case '--config':
        o.config = value();
        break;
      case '--no-config-lookup':
        o.noConfigLookup = true;
        break;
      case '--rule': {
        const v = value();
        const m = /^([\w-]+)[:=](\w+)$/.exec(v);
        if (!m || !SEVERITY_WORDS.includes(m[2]!)) throw new UsageError(`--rule takes rule-id:severity, e.g. --rule children-age:warning (got "${v}")`);
        o.rules[m[1]!] = (m[2] === 'warn' ? 'warning' : m[2]) as SeveritySetting;
        break;
      }
      case '--ignore-pattern':
        o.ignorePatterns.push(value());
        break;
      case '-o':
      case '--output-file':
        o.outputFile = value();
        break;
      case '--today': {
        const v = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new UsageError(`--today takes a date as YYYY-MM-DD (got "${v}")`);
        o.today = new Date(`${v}T00:00:00Z`);
        break;
      }
      case '--color':
        o.color = true;
        break;
      case '--no-color':
        o.color = false;
        break;
      case '--stdin':
        o.stdin = true;
        break;
      case '--stdin-filename':
        o.stdinFilename = value();
        break;
      case '--print-config':
        o.printConfig = value();
        break;
      case '--threads': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--threads needs a positive whole number (got "${v}")`);
        o.threads = Number(v);
        break;
      }
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '-v':
      case '--version':
        o.version = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}" (see --help)`);
        o.patterns.push(arg);
    }
  }
  if (o.fix && o.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (o.stdin && o.fix) throw new UsageError('--fix cannot write to standard input; use --fix-dry-run');
  return o;
}

export const HELP = `privacy-lint — lint privacy policies for missing and deficient disclosures (runs locally: no network, no telemetry)

Usage: privacy-lint [options] <files | directories | globs>

Directories are searched for .md, .markdown and .txt files. Quote globs: "policies/**/*.md".

Output
  -f, --format <name>       stylish (default), json, sarif, github, html
                            (html: one self-contained page with the coverage matrix, every finding
                            with its citation, and the evidence; e.g. --format html -o report.html)
  -o, --output-file <path>  write the report to a file instead of standard output
  -q, --quiet               report errors only
      --max-warnings <n>    exit 1 when there are more than n warnings
      --color, --no-color   force or disable colours

Fixing
      --fix                 insert missing clauses into the files (atomic write; text is never deleted)
      --fix-dry-run         print the changes --fix would make as a diff, write nothing

Configuration
  -c, --config <path>       use this config file for every file (no lookup)
      --no-config-lookup    ignore .privacylintrc.* files
      --jurisdiction <list> comma-separated, or auto (default: from config, else auto): gdpr, uk-gdpr,
                            ccpa, coppa, caloppa, us-states (VA, CO, CT, UT, TX, OR ...), lgpd (Brazil),
                            pipeda (Canada), app (Australia), appi (Japan)
      --rule <id:severity>  override a rule, e.g. --rule breach-notification:off (repeatable)
      --ignore-pattern <g>  skip files matching a glob (repeatable)
      --today <YYYY-MM-DD>  judge dates (12-month CCPA update) against this day
      --print-config <file> print the configuration that applies to a file and exit

Other
      --stdin               lint standard input; --stdin-filename names it (and picks the format)
      --threads <n>         lint with n worker threads (default: one per core for many files)
  -h, --help                this help
  -v, --version             print the version

Exit codes: 0 no errors (and warnings within --max-warnings); 1 lint errors or too many warnings;
2 usage, configuration or I/O error (missing file, unreadable or binary file, no policies found).
`;
