// The engine's properties and the generators that feed them, in one module shared by the quick run in
// `npm test` (test/property/*.test.ts) and the long run (`npm run fuzz`, scripts/fuzz.mjs imports the
// compiled out/test/property/properties.js). Documents are built from the team's own policies
// (test/corpus/own, examples/): sections shuffled, dropped, duplicated and mutated, dressed in Markdown
// constructs, random Unicode and mixed line endings. Every check throws an AssertionError that says what broke.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  JURISDICTIONS,
  Linter,
  builtinCatalogue,
  dominantEol,
  lineColumn,
  mergeConfig,
  type ConfigInput,
  type DocumentFormat,
  type Finding,
  type Jurisdiction,
  type LintResult,
  type Organization,
  type ResolvedConfig,
} from '../../server/src/engine/index.js';
import { MarkdownReader, readsLineByLine, type MarkdownParse } from '../../server/src/engine/document/markdown.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The date rules judge "stale" and "future" against: pinned, so runs are reproducible. */
export const TODAY = new Date(Date.UTC(2026, 10, 23));

// ---------------------------------------------------------------------------------------------------
// Source material

export interface SourcePolicy {
  name: string;
  format: DocumentFormat;
  /** The policy cut into sections (a heading-like line and what follows it), LF line endings. */
  sections: string[];
}

const HEADING_LIKE = [
  /^ {0,3}#{1,6}(?:[ \t]|$)/, // ATX
  /^\s*<h[1-6]\b/i, // HTML heading
  /^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.|[A-Z]\.)\s+\S.{0,80}$/, // numbered
  /^[A-Z][A-Z0-9 &'’,/()-]{3,80}$/, // ALL CAPS
  /^\*\*[^*]{2,80}\*\*\s*$/, // bold line
];

/** Cuts a policy before each heading-like line that follows a blank line (or a setext title). */
export function sectionsOf(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[][] = [[]];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const afterBlank = i === 0 || lines[i - 1]!.trim() === '';
    const setext = /^(=+|-+)\s*$/.test(lines[i + 1] ?? '') && line.trim() !== '';
    // A short title line over prose, as plain-text policies pasted from the web have them.
    const title = line.trim().length > 0 && line.length <= 60 && !/[.,;:]\s*$/.test(line) && (lines[i + 1] ?? '').trim().length > line.length;
    const heading = HEADING_LIKE.some((re) => re.test(line)) || setext || title;
    const afterProse = i > 0 && /[.!?")]\s*$/.test(lines[i - 1]!);
    if ((heading && afterBlank) || (title && afterProse)) if (out[out.length - 1]!.length) out.push([]);
    out[out.length - 1]!.push(line);
  }
  return out.map((l) => l.join('\n').replace(/\n+$/, '')).filter((s) => s.trim() !== '');
}

let sources: SourcePolicy[] | null = null;
/** The team's own policies (never ../shared/corpus, which CI may not have). */
export function sourcePolicies(): SourcePolicy[] {
  if (sources) return sources;
  const files: string[] = [];
  const own = `${REPO}test/corpus/own/`;
  for (const f of readdirSync(own).sort()) if (/\.(md|txt)$/.test(f)) files.push(own + f);
  const examples = `${REPO}examples/`;
  for (const f of readdirSync(examples).sort()) if (/\.(md|txt)$/.test(f)) files.push(examples + f);
  sources = files.map((file) => ({
    name: file.slice(REPO.length),
    format: file.endsWith('.md') ? 'markdown' : 'text',
    sections: sectionsOf(readFileSync(file, 'utf8')),
  }));
  assert.ok(sources.length >= 10, `expected the own corpus under ${own}`);
  return sources;
}

// ---------------------------------------------------------------------------------------------------
// Generators (recipes of random choices; a recipe is turned into text by pure functions, so fast-check
// can shrink a failing document to a small one)

/** Characters that break naive text handling: NUL, lone surrogates, Unicode line separators, BOM, RTL, combining marks. */
const AWKWARD = ['\u0000', '\uD800', '\uDFFF', '\u2028', '\u2029', '\u0085', '\uFEFF', '\u200B', '\u200D', '\u202E', '\u0301', '\t', '\v', '\f', '\r', '\n', '\r\n', '😀', '👩‍👩‍👧', 'ﬃ', 'İ', 'ß', '\u00A0', '\\', '&amp;', '&#0;', '&#x110000;'];
const MD_PUNCT = ['#', '>', '-', '*', '+', '_', '`', '~', '<', '>', '|', '[', ']', '(', ')', '!', '=', ':', '\\', ' ', ' ', '\n', '1.', 'a', 'We', '@', '{{', '}}', '<!--', '-->'];
const PHRASES = [
  '[COMPANY NAME]',
  '{{organization.email}}',
  'TODO',
  'privacy@example.com',
  'bad@@mail',
  'children under 13',
  'we do not sell your personal information',
  'Do Not Track',
  'California residents',
  'GDPR Art. 6(1)(f)',
  'Last updated: February 30, 2099',
  'Effective date: 1 January 1999',
  '72 hours',
  'thirteen (13) years',
  'Contact us',
  'Data Protection Officer',
  'https://example.org/privacy',
];

export const noiseArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...AWKWARD), maxLength: 6 }),
  fc.string({ unit: fc.constantFrom(...MD_PUNCT), maxLength: 16 }),
  fc.constantFrom(...PHRASES),
);

const HEADING_STYLES = ['atx', 'atx-closed', 'setext', 'bold', 'caps', 'numbered', 'roman', 'html', 'plain', 'hash-no-space'] as const;
const WRAPS = ['bullets', 'ordered', 'nested-list', 'quote', 'deep-quote', 'fence', 'fence-open', 'tilde-fence', 'indented-code', 'html-div', 'html-open', 'comment-open', 'table', 'emphasis', 'strong', 'link', 'image', 'inline-code', 'details', 'footnote', 'reference', 'item-fence', 'mixed-markers'] as const;
const DIRECTIVES = ['disable', 'enable', 'disable-next-line', 'disable-file'] as const;

export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'heading'; style: (typeof HEADING_STYLES)[number]; level: number }
  | { kind: 'wrap'; construct: (typeof WRAPS)[number]; depth: number }
  | { kind: 'directive'; directive: (typeof DIRECTIVES)[number]; rule: number; at: number; unclosed: boolean }
  | { kind: 'upper' }
  | { kind: 'join-lines' };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: noiseArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.nat({ max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('heading' as const), style: fc.constantFrom(...HEADING_STYLES), level: fc.integer({ min: 1, max: 7 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wrap' as const), construct: fc.constantFrom(...WRAPS), depth: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('directive' as const), directive: fc.constantFrom(...DIRECTIVES), rule: fc.nat(), at: fc.nat(), unclosed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('upper' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('join-lines' as const) }) },
);

export type EolMode = 'lf' | 'crlf' | 'cr' | Array<'\n' | '\r\n' | '\r'>;

export interface Recipe {
  format: DocumentFormat;
  pieces: Array<{ source: number; section: number; mutations: Mutation[]; gap: string }>;
  prefix: string;
  eol: EolMode;
  /** Trailing line break after the last piece. */
  finalEol: boolean;
  config: { jurisdictions: 'auto' | Jurisdiction[]; organization: Organization | null; off: string[] };
}

const PREFIXES = [
  '',
  '',
  '',
  '---\ntitle: Privacy Policy\nupdated: 2025-01-01\n---\n',
  '---\nunclosed: front matter\n',
  '+++\ntitle = "toml"\n+++\n',
  '\uFEFF',
  'Acme Inc\nHome   Pricing   Blog   Log in\n\n',
  'Home\nAbout\nProducts\nContact\nLogin\n',
  '<!-- privacy-lint-disable-file -->\n',
  '<!DOCTYPE html>\n<html><body>\n',
  '    indented first line\n',
];

const orgArb: fc.Arbitrary<Organization> = fc.record(
  {
    name: fc.constantFrom('Acme Ltd', 'Ünïcødé GmbH', 'Acme $& Sons, Inc.', '[COMPANY NAME]'),
    // Valid facts only (a name with its legal form, a real address): a mistyped email in the config
    // ("not-an-email") is inserted as given and cannot clear a finding that asks for one, as intended.
    email: fc.constantFrom('privacy@acme.test', 'dpo@acme.test'),
    postalAddress: fc.constantFrom('1 Main St, Springfield, IL 62701', 'Kastanienallee 48, 10435 Berlin', '1 Main St\nSpringfield'),
    phone: fc.constantFrom('+1 800 555 0100', '0800 000 0000'),
    website: fc.constantFrom('https://acme.test', 'acme.test'),
    dpoEmail: fc.constantFrom('dpo@acme.test'),
  },
  { requiredKeys: [] },
);

export function recipeArb(maxPieces = 14): fc.Arbitrary<Recipe> {
  const ruleIds = builtinCatalogue().rules.map((r) => r.id);
  return fc.record({
    format: fc.constantFrom<DocumentFormat>('markdown', 'text'),
    pieces: fc.array(
      fc.record({
        source: fc.nat(),
        section: fc.nat(),
        mutations: fc.array(mutationArb, { maxLength: 3 }),
        gap: fc.constantFrom('\n\n', '\n\n', '\n\n', '\n', '\n\n\n', '', ' \n \n'),
      }),
      { maxLength: maxPieces },
    ),
    prefix: fc.constantFrom(...PREFIXES),
    eol: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom<EolMode>('lf', 'crlf', 'cr') },
      { weight: 1, arbitrary: fc.array(fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\r\n', '\r'), { minLength: 1, maxLength: 7 }) },
    ),
    finalEol: fc.boolean(),
    config: fc.record({
      jurisdictions: fc.oneof(fc.constant('auto' as const), fc.subarray([...JURISDICTIONS], { minLength: 1 })),
      organization: fc.option(orgArb, { nil: null }),
      off: fc.subarray(ruleIds, { maxLength: 3 }),
    }),
  });
}

function pos(at: number, s: string): number {
  return s.length ? at % (s.length + 1) : 0;
}

function applyMutation(s: string, m: Mutation): string {
  switch (m.kind) {
    case 'insert': {
      const p = pos(m.at, s);
      return s.slice(0, p) + m.text + s.slice(p);
    }
    case 'delete': {
      const p = pos(m.at, s);
      return s.slice(0, p) + s.slice(p + m.len);
    }
    case 'truncate':
      return s.slice(0, pos(m.at, s));
    case 'upper':
      return s.toUpperCase();
    case 'join-lines':
      return s.replace(/\n+/g, ' ');
    case 'heading': {
      const nl = s.indexOf('\n');
      const first = (nl < 0 ? s : s.slice(0, nl)).replace(/^\s*(?:#{1,6}\s*|<h\d[^>]*>|\*\*)?|(?:\*\*|<\/h\d>)?\s*$/g, '');
      const rest = nl < 0 ? '' : s.slice(nl);
      const lvl = m.level;
      const heading = {
        atx: `${'#'.repeat(lvl)} ${first}`,
        'atx-closed': `${'#'.repeat(lvl)} ${first} ${'#'.repeat(lvl)}`,
        setext: `${first}\n${(lvl === 1 ? '=' : '-').repeat(Math.max(1, Math.min(first.length, 40)))}`,
        bold: `**${first}**`,
        caps: first.toUpperCase(),
        numbered: `${lvl}. ${first}`,
        roman: `${['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'][lvl - 1]}. ${first}`,
        html: `<h${Math.min(lvl, 6)}>${first}</h${Math.min(lvl, 6)}>`,
        plain: first,
        'hash-no-space': `${'#'.repeat(lvl)}${first}`,
      }[m.style];
      return heading + rest;
    }
    case 'directive': {
      const ids = builtinCatalogue().rules.map((r) => r.id);
      const rule = m.rule % (ids.length + 1) === ids.length ? '' : ` ${ids[m.rule % (ids.length + 1)]}`;
      const c = `<!-- privacy-lint-${m.directive}${rule} -- fuzz${m.unclosed ? '' : ' -->'}`;
      const lines = s.split('\n');
      const p = m.at % (lines.length + 1);
      lines.splice(p, 0, c);
      return lines.join('\n');
    }
    case 'wrap':
      return wrap(s, m.construct, m.depth);
  }
}

function wrap(s: string, construct: (typeof WRAPS)[number], depth: number): string {
  const lines = s.split('\n');
  const words = s.split(' ');
  const mid = Math.floor(words.length / 2);
  switch (construct) {
    case 'bullets':
      return lines.map((l) => (l.trim() ? `- ${l}` : l)).join('\n');
    case 'ordered':
      return lines.map((l, i) => (l.trim() ? `${i + 1}. ${l}` : l)).join('\n');
    case 'nested-list':
      return lines.map((l, i) => `${'  '.repeat(i % depth)}- ${l}`).join('\n');
    case 'quote':
      return lines.map((l) => `> ${l}`).join('\n');
    case 'deep-quote':
      return lines.map((l) => `${'>'.repeat(depth)} ${l}`).join('\n');
    case 'fence':
      return `\`\`\`\n${s}\n\`\`\``;
    case 'fence-open':
      return `\`\`\`text\n${s}`;
    case 'tilde-fence':
      return `~~~~\n${s}\n~~~~`;
    case 'indented-code':
      return lines.map((l) => `    ${l}`).join('\n');
    case 'html-div':
      return `<div class="policy">\n${s}\n</div>`;
    case 'html-open':
      return `<div>\n<p>${s}`;
    case 'comment-open':
      return `<!-- draft\n${s}`;
    case 'table':
      return `| Topic | Text |\n|---|---|\n${lines.map((l) => `| ${l.replace(/\|/g, '\\|')} | x |`).join('\n')}`;
    case 'emphasis':
      return [...words.slice(0, mid), `*${words.slice(mid).join(' ')}*`].join(' ');
    case 'strong':
      return [`__${words.slice(0, mid).join(' ')}__`, ...words.slice(mid)].join(' ');
    case 'link':
      return [...words.slice(0, mid), `[${words[mid] ?? 'link'}](https://example.org/${depth} "title")`, ...words.slice(mid + 1)].join(' ');
    case 'image':
      return `![${lines[0] ?? ''}](img.png)\n${lines.slice(1).join('\n')}`;
    case 'inline-code':
      return [...words.slice(0, mid), `\`${words.slice(mid, mid + 3).join(' ')}\``, ...words.slice(mid + 3)].join(' ');
    case 'details':
      return `<details>\n<summary>${lines[0] ?? ''}</summary>\n\n${lines.slice(1).join('\n')}\n\n</details>`;
    case 'footnote':
      return `${s}[^${depth}]\n\n[^${depth}]: A footnote about ${words[0] ?? 'it'}.`;
    case 'item-fence':
      // A fence inside a list item ends where the item ends; a fence line after it opens a new one.
      return `- ${lines[0] ?? ''}\n${' '.repeat(1 + (depth % 3))}\`\`\`\n${lines.slice(1).map((l) => `  ${l}`).join('\n')}${depth % 2 ? '\n```' : ''}`;
    case 'mixed-markers':
      // A tight list whose markers change from line to line: each change may start a new list.
      return lines.map((l, i) => `${['-', '*', '+', '1.', '2)', '3.', '10.'][(i + depth) % 7]} ${l}`).join('\n');
    case 'reference': {
      // A reference link and its definition, which may sit in another part of the text: whether "[x][r]"
      // is a link depends on a definition anywhere in the document (full, collapsed and shortcut forms;
      // labels match case-insensitively; the definition before or after the reference).
      const word = words[mid] ?? 'link';
      const label = depth % 3 === 0 ? word : `Ref ${depth}`;
      const ref = depth % 3 === 0 ? `[${word}]` : depth % 3 === 1 ? `[${word}][${label.toLowerCase()}]` : `[${label}][]`;
      const def = `[${label.toUpperCase()}]: https://example.org/${depth} "Title"`;
      const body = [...words.slice(0, mid), ref, ...words.slice(mid + 1)].join(' ');
      return depth % 2 ? `${body}\n\n${def}` : `${def}\n\n${body}`;
    }
  }
}

function applyEols(text: string, eol: EolMode): string {
  if (eol === 'lf') return text;
  if (eol === 'crlf') return text.replace(/\n/g, '\r\n');
  if (eol === 'cr') return text.replace(/\n/g, '\r');
  let i = 0;
  return text.replace(/\n/g, () => eol[i++ % eol.length]!);
}

export interface GeneratedDoc {
  text: string;
  format: DocumentFormat;
  uri: string;
  config: ResolvedConfig;
}

/** Turns a recipe into a document: pure, so a shrunk recipe gives a shrunk document. */
export function buildDoc(r: Recipe): GeneratedDoc {
  const pool = sourcePolicies();
  let body = r.prefix;
  r.pieces.forEach((p, i) => {
    const src = pool[p.source % pool.length]!;
    let s = src.sections[p.section % src.sections.length] ?? '';
    for (const m of p.mutations) s = applyMutation(s, m);
    body += (i ? p.gap : '') + s;
  });
  if (r.finalEol && body) body += '\n';
  // Line endings last, so every generated LF follows the chosen mode; inserted noise may carry its own CRs.
  const text = applyEols(body, r.eol);
  const input: ConfigInput = { jurisdictions: r.config.jurisdictions, rules: Object.fromEntries(r.config.off.map((id) => [id, 'off' as const])) };
  if (r.config.organization) input.organization = r.config.organization;
  return { text, format: r.format, uri: `/fuzz/policy.${r.format === 'markdown' ? 'md' : 'txt'}`, config: mergeConfig(input) };
}

export const docArb = (maxPieces?: number): fc.Arbitrary<GeneratedDoc> => recipeArb(maxPieces).map(buildDoc);

/** An editor's keystrokes and pastes: edits applied one after another. */
export interface Edit {
  at: number;
  del: number;
  text: string;
}
export const editsArb: fc.Arbitrary<Edit[]> = fc.array(
  fc.record({ at: fc.nat(), del: fc.oneof(fc.constant(0), fc.nat({ max: 40 })), text: fc.oneof(noiseArb, fc.constantFrom('\n', '\n\n## Children\n\n', ' ', 'x', '# ')) }),
  { minLength: 1, maxLength: 4 },
);

export function applyUserEdits(text: string, edits: Edit[]): string {
  for (const e of edits) {
    const p = pos(e.at, text);
    text = text.slice(0, p) + e.text + text.slice(p + e.del);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Checks

/**
 * Everything a lint result says, part by part in a stable form for comparing two lint runs: findings,
 * disclosures, applicability, and the document model. A difference in the model (a Markdown chunk read
 * without what the whole text gives it) may change no finding on a small generated policy, but it is
 * still a different reading of the text, and on a larger one it would change findings.
 */
function canonical(r: LintResult): Record<string, string> {
  const f = (x: Finding) => ({
    ruleId: x.ruleId,
    code: x.code,
    severity: x.severity,
    message: x.message,
    span: x.span,
    fix: x.fix ?? null,
    evidence: x.evidence ?? null,
    documentLevel: !!x.documentLevel,
    appliesBecause: x.appliesBecause ?? null,
  });
  const d = r.doc;
  const parts: Record<string, unknown> = {
    findings: r.findings.map(f),
    suppressed: r.suppressed.map(f),
    disclosures: r.disclosures,
    applicability: [...r.applicability.entries()],
    'doc.plain': d.plain,
    'doc.sections': d.sections,
    'doc.blocks': d.blocks,
    'doc.comments': d.comments,
    'doc.contentStart': d.contentStart,
    'doc.eol': d.eol,
  };
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, JSON.stringify(v)]));
}

/** Asserts two canonical results are equal, naming the first part that differs and where. */
function assertSameResult(actual: Record<string, string>, expected: Record<string, string>, what: string): void {
  for (const key of Object.keys(expected)) {
    const a = actual[key]!;
    const e = expected[key]!;
    if (a === e) continue;
    let i = 0;
    while (i < a.length && a[i] === e[i]) i++;
    const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 80));
    assert.fail(`${what}: ${key} differs at character ${i} of its JSON\n  got      ${around(a)}\n  expected ${around(e)}`);
  }
}

function lintDoc(linter: Linter, d: GeneratedDoc, text = d.text): LintResult {
  return linter.lint({ uri: d.uri, text, format: d.format }, { config: d.config, today: TODAY });
}

function isBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 10 || c === 13;
}

/** Every span of a lint result lies inside the text; fixes only insert; doc.plain mirrors the text's shape. */
export function checkResultShape(r: LintResult, text: string): void {
  const n = text.length;
  const inside = (s: { start: number; end: number }, what: string) => {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what}: integer offsets ${JSON.stringify(s)}`);
    assert.ok(0 <= s.start && s.start <= s.end && s.end <= n, `${what}: span ${JSON.stringify(s)} outside the text (length ${n})`);
  };
  for (const f of [...r.findings, ...r.suppressed]) {
    const what = `${f.ruleId}:${f.code}`;
    inside(f.span, what);
    for (const e of f.evidence ?? []) inside(e, `${what} evidence`);
    if (f.fix) {
      inside({ start: f.fix.range[0], end: f.fix.range[1] }, `${what} fix`);
      assert.equal(f.fix.range[0], f.fix.range[1], `${what}: a fix only inserts`);
      const at = f.fix.range[0];
      assert.ok(!(text[at - 1] === '\r' && text[at] === '\n'), `${what}: fix at ${at} splits a CRLF`);
      // The inserted text must not join an existing line break into another kind (CR + inserted LF = CRLF).
      assert.ok(!(text[at - 1] === '\r' && f.fix.text.startsWith('\n')), `${what}: fix at ${at} starts with LF right after a CR`);
      assert.ok(!(text[at] === '\n' && f.fix.text.endsWith('\r')), `${what}: fix at ${at} ends with CR right before an LF`);
      // Its own line breaks are the file's (dominant) kind; after a lone CR it may lead with CRs, before
      // an LF it may end with LFs (the neighbour's kind, so nothing merges).
      const eol = r.doc.eol;
      let inner = f.fix.text;
      if (text[at - 1] === '\r' && eol !== '\r') inner = inner.replace(/^\r+(?!\n)/, '');
      if (text[at] === '\n' && eol === '\r') inner = inner.replace(/(?<!\r)\n+$/, '');
      const foreign = inner.split(eol).join('').search(/[\r\n]/);
      assert.ok(foreign === -1, `${what}: fix text uses a line break other than the file's ${JSON.stringify(eol)}`);
      assert.ok(f.fix.text.length > 0, `${what}: empty fix`);
      assert.ok(typeof f.fix.title === 'string' && f.fix.title.length > 0, `${what}: fix title`);
    }
    assert.ok(f.message.length > 0, `${what}: message`);
    const lc = lineColumn(r.doc, f.span);
    assert.ok(lc.line >= 1 && lc.endLine >= lc.line && lc.endLine <= r.doc.lines.lineCount, `${what}: line/column ${JSON.stringify(lc)}`);
  }
  const plain = r.doc.plain;
  assert.equal(plain.length, n, 'doc.plain has the length of the text');
  for (let i = 0; i < n; i++) {
    if (isBreak(text, i) || isBreak(plain, i)) assert.equal(plain[i], text[i], `doc.plain keeps the line break at ${i}`);
  }
  assert.equal(r.doc.text, text);
  for (const s of r.doc.sections) inside(s.span, `section "${s.heading?.text ?? ''}"`);
  for (const b of r.doc.blocks) inside(b.span, `block ${b.kind}`);
  assert.ok(r.doc.contentStart >= 0 && r.doc.contentStart <= n, 'contentStart inside the text');
}

/** Parsing and linting never throw; spans in range; a second run (fresh or cached Linter) gives the same output. */
export function checkLint(d: GeneratedDoc): void {
  const linter = new Linter();
  const first = lintDoc(linter, d);
  checkResultShape(first, d.text);
  const once = canonical(first);
  assertSameResult(canonical(lintDoc(linter, d)), once, 'linting the same text twice with one Linter (warm caches) gives the same output');
  assertSameResult(canonical(lintDoc(new Linter(), d)), once, 'a fresh Linter gives the same output');
}

/** A Linter that saw an earlier version of the text (the language server's case) gives what a fresh one gives. */
export function checkIncremental(d: GeneratedDoc, edits: Edit[]): void {
  const after = applyUserEdits(d.text, edits);
  const warm = new Linter();
  lintDoc(warm, d);
  const incremental = lintDoc(warm, d, after);
  checkResultShape(incremental, after);
  assertSameResult(canonical(incremental), canonical(lintDoc(new Linter(), d, after)), 'lint after edits with warm caches equals a fresh lint');
}

/** A Markdown parse, part by part, as JSON (for assertSameResult). */
function readingOf(p: MarkdownParse): Record<string, string> {
  return { headings: JSON.stringify(p.headings), blocks: JSON.stringify(p.blocks), comments: JSON.stringify(p.comments), plain: JSON.stringify(p.plain) };
}

/**
 * The Markdown reader cuts the text into chunks it parses on their own (so an edit re-parses one): read
 * in runs (a cold lint) or one chunk at a time (after edits), they read as one parse of the whole text.
 * Any text is Markdown here, the plain-text recipes too. Not past the nesting depth where the reader
 * reads line by line on purpose (hostile nesting), chunk or whole alike but not the same way.
 */
export function checkChunks(d: GeneratedDoc): void {
  const text = d.text.charCodeAt(0) === 0xfeff ? d.text.slice(1) : d.text;
  if (readsLineByLine(text)) return;
  const whole = readingOf(new MarkdownReader('none').parse(text));
  assertSameResult(readingOf(new MarkdownReader('fine').parse(text)), whole, 'chunks read in runs read as the whole text');
  assertSameResult(readingOf(new MarkdownReader('fine', { batch: false }).parse(text)), whole, 'chunks read one by one read as the whole text');
}

/** True when every character of `a` appears in `b` in order. */
export function isSubsequence(a: string, b: string): boolean {
  let i = 0;
  for (let j = 0; j < b.length && i < a.length; j++) if (b[j] === a[i]) i++;
  return i === a.length;
}

export function eolCounts(text: string): { crlf: number; lf: number; cr: number } {
  const out = { crlf: 0, lf: 0, cr: 0 };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        out.crlf++;
        i++;
      } else out.cr++;
    } else if (c === 10) out.lf++;
  }
  return out;
}

/**
 * The fix loop (Linter.fix, behind `--fix` and the editor's fix-all):
 * - the original survives as a subsequence (fixes only insert);
 * - line endings are kept: inserted text uses the file's dominant ending, no existing break is merged
 *   with an inserted one (a CR followed by an inserted LF), so the other kinds keep their counts;
 * - every finding whose fix was applied is gone on re-lint, for its rule and code (three exceptions below);
 * - fixing the fixed text changes nothing.
 */
export function checkFix(d: GeneratedDoc): void {
  const input = { uri: d.uri, text: d.text, format: d.format };
  const options = { config: d.config, today: TODAY };
  const fixed = new Linter().fix(input, options);
  checkResultShape(fixed.result, fixed.text);
  assert.ok(isSubsequence(d.text, fixed.text), 'the original text survives as a subsequence of the fixed text');
  if (fixed.text === d.text) return;

  // Line endings: a file with one kind of line break keeps exactly that kind (fix texts were checked
  // against merging with their neighbours in checkResultShape); a mixed file keeps its dominant kind.
  const before = eolCounts(d.text);
  const after = eolCounts(fixed.text);
  const kinds = (c: typeof before) => (['lf', 'crlf', 'cr'] as const).filter((k) => c[k] > 0);
  if (kinds(before).length === 1) assert.deepEqual(kinds(after), kinds(before), `a file with only ${kinds(before)[0]} line breaks keeps only those`);
  for (const k of kinds(before)) assert.ok(after[k] >= before[k], `no ${k} line break lost`);
  assert.equal(dominantEol(fixed.text), dominantEol(d.text), 'the dominant line ending is unchanged');

  // What is guaranteed: a finding whose fix was applied is gone after re-linting, unless (a) it is about
  // an item inside a section (not ABSENT: a missing section is always cleared by its clause) and the
  // clause left a [PLACEHOLDER] for the fact the rule needs, or (b) the clause was swallowed by an
  // unclosed comment or fence.
  // (c) Nor where the inserted text made the reader take a line of the original for a heading: a
  // short last line ("Re", "1. I" in a policy cut off mid-sentence) followed by new prose reads as a
  // title, and the clause lands in that new section.
  const remaining = new Set(fixed.result.findings.map((f) => `${f.ruleId}:${f.code}`));
  const lost = fixed.fixed.filter((f) => swallowed(fixed.result, f.fix!.text));
  const reread = rereadHeadings(new Linter().lint(input, options), fixed.result, fixed.fixed.map((f) => f.fix!.text));
  const stuck = fixed.fixed.filter((f) => remaining.has(`${f.ruleId}:${f.code}`) && !(f.code !== 'ABSENT' && PLACEHOLDER.test(f.fix!.text)) && !lost.includes(f));
  assert.ok(!stuck.length || reread.length > 0, `findings whose fix was applied are gone after re-linting; still there: ${[...new Set(stuck.map((f) => `${f.ruleId}:${f.code}`))].join(', ')}`);

  // Fixing the fixed text changes nothing: a clause already there is not inserted again (a35ed08).
  // Not where clauses were swallowed (b): what a rule inserts for the items it still misses can differ
  // from one run to the next there, and each run appends its own into the unclosed construct; nor (c).
  if (lost.length || reread.length) return;
  const again = new Linter().fix({ ...input, text: fixed.text }, options);
  assert.equal(again.text, fixed.text, `fixing twice changes nothing (second pass applied ${again.fixed.map((f) => `${f.ruleId}:${f.code}`).join(', ')})`);
}

const headingKey = (line: string) =>
  line
    .replace(/^[\s#>*_=-]+|[\s#*_]+$/g, '')
    .replace(/^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[A-Z]\.|\(\w{1,4}\))\s+/, '')
    .trim()
    .toLowerCase();

/** Headings of the fixed text that are neither headings of the original nor lines of an inserted clause. */
export function rereadHeadings(original: LintResult, fixed: LintResult, inserted: string[]): string[] {
  const known = new Set(original.doc.sections.filter((s) => s.heading).map((s) => headingKey(s.heading!.text)));
  for (const t of inserted) for (const line of t.split(/\r\n|\r|\n/)) known.add(headingKey(line));
  return fixed.doc.sections.filter((s) => s.heading && !known.has(headingKey(s.heading.text))).map((s) => s.heading!.text);
}

/** A visible slot a clause leaves for the organisation to fill, such as [PRIVACY EMAIL] or [STATE THE PURPOSES]. */
const PLACEHOLDER = /\[[A-Z][A-Z0-9 _./&'-]{1,60}(?:[,.:;!?][^\]\r\n]{0,200})?\]/;

/**
 * True when the clause a fix inserted is not read as policy text in the fixed document: every copy of its
 * first line is blanked in doc.plain, because an unclosed code fence or HTML comment earlier in the
 * document runs to the end and swallows what is appended. No insert-only fix can clear a finding there.
 */
export function swallowed(r: LintResult, clause: string): boolean {
  const whole = clause.trim();
  const line = whole.split(/\r\n|\r|\n/)[0]!;
  if (!line) return false;
  // Where the clause itself is (its first line may also occur elsewhere in the policy)…
  const at = r.doc.text.indexOf(whole);
  if (at !== -1) return r.doc.plain.slice(at, at + line.length).trim() === '';
  // …or, if a later pass inserted into it, every copy of its first line.
  let found = false;
  for (let i = r.doc.text.indexOf(line); i !== -1; i = r.doc.text.indexOf(line, i + 1)) {
    found = true;
    if (r.doc.plain.slice(i, i + line.length).trim() !== '') return false;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// The properties, by name, for the test and the fuzz script

export interface RunOptions {
  numRuns: number;
  seed?: number;
  /** Replays one case: the path fast-check printed for a failure. */
  path?: string;
  /** Stop shrinking after this many ms (the long run keeps going past a failure this way). */
  shrinkTimeMs?: number;
}

export interface NamedProperty {
  /** Short name for `npm run fuzz -- --property <id>` and replays. */
  id: 'lint' | 'incremental' | 'fix' | 'chunks';
  name: string;
  /** Share of a run budget: fixing is several lints, so it gets fewer runs than a plain lint. */
  share: number;
  run: (options: RunOptions) => fc.RunDetails<unknown>;
}

function params(o: RunOptions): fc.Parameters<unknown> {
  return { numRuns: o.numRuns, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.path ? { path: o.path } : {}), endOnFailure: o.shrinkTimeMs === 0 };
}

export const PROPERTIES: NamedProperty[] = [
  {
    id: 'lint',
    name: 'lint never throws; spans inside the text; doc.plain keeps length and line breaks; deterministic',
    share: 0.3,
    run: (o) => fc.check(fc.property(docArb(), checkLint), params(o) as fc.Parameters<[GeneratedDoc]>) as fc.RunDetails<unknown>,
  },
  {
    id: 'incremental',
    name: 'lint after edits with warm caches equals a fresh lint',
    share: 0.25,
    run: (o) => fc.check(fc.property(docArb(), editsArb, checkIncremental), params(o) as fc.Parameters<[GeneratedDoc, Edit[]]>) as fc.RunDetails<unknown>,
  },
  {
    id: 'fix',
    name: 'fix inserts only, keeps line endings, clears what it fixed, and is idempotent',
    share: 0.3,
    run: (o) => fc.check(fc.property(docArb(), checkFix), params(o) as fc.Parameters<[GeneratedDoc]>) as fc.RunDetails<unknown>,
  },
  {
    id: 'chunks',
    name: 'Markdown chunks, read in runs or one by one, read as the whole text',
    share: 0.15,
    run: (o) => fc.check(fc.property(docArb(), checkChunks), params(o) as fc.Parameters<[GeneratedDoc]>) as fc.RunDetails<unknown>,
  },
];

/** Sizes of generated documents (fast-check's baseSize): 'small' in npm test, larger in the long run. */
export type DocSize = 'xsmall' | 'small' | 'medium' | 'large';
export function setDocSize(size: DocSize): void {
  fc.configureGlobal({ ...fc.readConfigureGlobal(), baseSize: size });
}

/** fast-check's report for a failed run (seed, path, shrunk counterexample, error), or null when it passed. */
export function failureReport(details: fc.RunDetails<unknown>): string | null {
  if (!details.failed) return null;
  const error = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
  return `${fc.defaultReportMessage(details) ?? 'failed'}\n\nError: ${error}`;
}
