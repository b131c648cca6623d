// The engine's front door: text in, findings and disclosures out, plus the fix loop shared by the
// CLI's --fix and the editor's fix-all. One Linter keeps the parse and detection caches of the
// document it last saw, so the language server keeps one Linter per open document.

import { builtinCatalogue, type Catalogue } from './catalogue/catalogue.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from './config/config.js';
import { Detector, type Analysis } from './detect/detector.js';
import { disclosuresOf, type Disclosures } from './detect/disclosures.js';
import { DocumentBuilder } from './document/build.js';
import type { DocumentFormat, PolicyDocument } from './document/model.js';
import { applyEdits } from './fixes/apply.js';
import { closerOf } from './fixes/clause.js';
import type { Applicability } from './rules/applicability.js';
import { runRules } from './rules/runner.js';
import { clauseFix } from './rules/context.js';
import { resolveApplicability } from './rules/applicability.js';
import type { Finding, Fix, Span, TextEdit, Topic } from './types.js';

export interface LintInput {
  uri: string;
  text: string;
  format: DocumentFormat;
}

export interface LintOptions {
  config?: ResolvedConfig;
  /** The date "stale" and "in the future" are judged against; tests pin it. */
  today?: Date;
}

export interface LintResult {
  doc: PolicyDocument;
  analysis: Analysis;
  findings: Finding[];
  suppressed: Finding[];
  applicability: Applicability;
  disclosures: Disclosures;
}

export interface FixResult {
  text: string;
  /** Findings whose fixes were applied, pass by pass. */
  fixed: Finding[];
  passes: number;
  /** Lint result of the final text. */
  result: LintResult;
}

const MAX_FIX_PASSES = 10;

/**
 * Clauses inserted at the same place come out in the order a policy usually reads, not in rule-id
 * order: what is collected, why, on what basis, who receives it, … children, California, changes, contact.
 */
const CLAUSE_ORDER: Topic[] = [
  'effective-date', 'collection', 'use', 'legal-bases', 'sharing', 'sale-opt-out', 'international-transfers', 'retention',
  'security', 'breach', 'cookies', 'do-not-track', 'rights', 'complaint-authority', 'children', 'ccpa', 'dpo', 'changes', 'contact',
];

export class Linter {
  private builder = new DocumentBuilder();
  private detector: Detector;

  constructor(readonly catalogue: Catalogue = builtinCatalogue()) {
    this.detector = new Detector(catalogue);
  }

  lint(input: LintInput, options: LintOptions = {}): LintResult {
    const config = options.config ?? DEFAULT_CONFIG;
    const doc = this.builder.build(input.uri, input.text, input.format);
    const analysis = this.detector.detect(doc);
    const run = runRules(analysis, this.catalogue.rules, config, options.today ?? new Date());
    return { doc, analysis, findings: run.findings, suppressed: run.suppressed, applicability: run.applicability, disclosures: disclosuresOf(analysis) };
  }

  private clauseRank(f: Finding): number {
    const topic = this.catalogue.rule(f.ruleId)?.topic;
    const i = topic ? CLAUSE_ORDER.indexOf(topic) : -1;
    return i < 0 ? CLAUSE_ORDER.length : i;
  }

  /**
   * The clause a rule's fix would insert, on demand (the editor's "insert a clause" command), whether
   * or not the rule currently reports anything. `ruleOrTopic` is a rule id or a topic id.
   */
  clauseFor(input: LintInput, ruleOrTopic: string, options: LintOptions = {}): Fix | undefined {
    const rule = this.catalogue.rules.find((r) => r.fix && (r.id === ruleOrTopic || r.topic === ruleOrTopic));
    if (!rule) return undefined;
    const config = options.config ?? DEFAULT_CONFIG;
    const doc = this.builder.build(input.uri, input.text, input.format);
    const analysis = this.detector.detect(doc);
    const applicability = resolveApplicability(doc, config.jurisdictions, analysis.memo);
    return clauseFix({ rule, analysis, config, applicability, via: true, today: options.today ?? new Date(), configured: undefined });
  }

  /**
   * Applies every available fix, re-linting between passes until nothing changes. Fixes only insert,
   * so the original text always survives as a subsequence of the result.
   */
  fix(input: LintInput, options: LintOptions = {}, only?: (f: Finding) => boolean): FixResult {
    let text = input.text;
    const fixed: Finding[] = [];
    // A fix is applied once per rule and code: if its clause does not clear the finding (a rule whose
    // clause needs facts only the organisation has), it must not be inserted again on the next pass.
    const done = new Set<string>();
    let passes = 0;
    let result = this.lint(input, options);
    while (passes < MAX_FIX_PASSES) {
      // Nor is a clause the text already holds word for word (an earlier --fix put it there, and its
      // [PLACEHOLDERS] keep the finding open until someone fills them): fixing twice changes nothing.
      const present = squash(text);
      const fixable = result.findings
        .filter((f) => f.fix && !done.has(`${f.ruleId}:${f.code}`) && (!only || only(f)) && !present.includes(squash(f.fix.text)))
        // At one offset, what a section gains at its end (not documentLevel) goes before new sections,
        // or the last section's additions would land under a clause heading appended after it.
        .sort((a, b) => a.fix!.range[0] - b.fix!.range[0] || Number(!!a.documentLevel) - Number(!!b.documentLevel) || this.clauseRank(a) - this.clauseRank(b));
      if (!fixable.length) break;
      const edits: TextEdit[] = fixable.map((f) => ({ range: f.fix!.range, text: f.fix!.text }));
      closeOnce(edits);
      // Clauses stacked at one offset follow each other directly. Where one spaced clause ends with a
      // single line break and the next starts with its heading, put the blank line between them: a
      // heading written as a plain line would otherwise join the paragraph above it.
      for (let i = 1; i < edits.length; i++) {
        const prev = edits[i - 1]!;
        const cur = edits[i]!;
        if (prev.range[0] !== cur.range[0] || /^[\r\n]/.test(cur.text) || !/[\r\n]$/.test(prev.text)) continue;
        if (BLANK_LINE.test(prev.text) && !BLANK_LINE_AT_END.test(prev.text)) edits[i] = { ...cur, text: result.doc.eol + cur.text };
      }
      // Each numbered clause was numbered after the policy's last section, so clauses stacked at one
      // offset all came out "13.": number them on ("13.", "14.", "15.").
      for (let i = 0, first: RegExpExecArray | null = null, k = 0; i < edits.length; i++) {
        const e = edits[i]!;
        if (i === 0 || e.range[0] !== edits[i - 1]!.range[0]) {
          first = NUMBERED_CLAUSE.exec(e.text);
          k = 0;
          continue;
        }
        const m = NUMBERED_CLAUSE.exec(e.text);
        if (!first || !m || m[2] !== first[2] || m[3] !== first[3]) continue;
        const n = Number(first[3]) + ++k;
        edits[i] = { ...e, text: e.text.slice(0, m[1]!.length + m[2]!.length) + n + e.text.slice(m[1]!.length + m[2]!.length + m[3]!.length) };
      }
      const applied = applyEdits(text, edits);
      if (!applied.applied.length || applied.text === text) break;
      const appliedSet = new Set(applied.applied);
      const now = fixable.filter((_, i) => appliedSet.has(edits[i]!));
      for (const f of now) done.add(`${f.ruleId}:${f.code}`);
      fixed.push(...now);
      text = applied.text;
      passes++;
      result = this.lint({ ...input, text }, options);
    }
    return { text, fixed, passes, result };
  }
}

/**
 * Clauses appended together after an unclosed fence or comment each start by closing it. At one offset
 * the closer is written once, before the first edit there: a second closer would open a new fence, and
 * an edit sorted before the first closer (what the last section gains at its end) would land inside the
 * fence. Edits are sorted by offset.
 */
export function closeOnce(edits: TextEdit[]): void {
  for (let i = 0, j = 0; i < edits.length; i = j) {
    while (j < edits.length && edits[j]!.range[0] === edits[i]!.range[0]) j++;
    let closer: string | null = null;
    for (let k = i; k < j; k++) {
      const c = closerOf(edits[k]!.text);
      if (!c) continue;
      closer ??= c;
      edits[k] = { ...edits[k]!, text: edits[k]!.text.slice(c.length) };
    }
    // The closer ends with a blank line: the first edit's own leading line breaks are not needed.
    if (closer) edits[i] = { ...edits[i]!, text: closer + edits[i]!.text.replace(/^(?:\r\n|\r|\n)+/, '') };
  }
}

/** A clause whose heading is numbered: leading line breaks, the numbering's parents ("4."), its last number, a dot (escaped in Markdown) and a space. */
const NUMBERED_CLAUSE = /^((?:\r\n|\r|\n)*)((?:\d{1,3}\.)*)(\d{1,3})(?=\\?\.?[ \t])/;

/** A blank line, where the CR of a CRLF is not a line of its own. */
const BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)/;
const BLANK_LINE_AT_END = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)$/;

/** Text with every run of whitespace (line breaks included) as one space, for "is this clause already there?". */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export interface LineColumnRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based line and column of a span (ESLint's convention), columns in UTF-16 code units. */
export function lineColumn(doc: PolicyDocument, span: Span): LineColumnRange {
  const s = doc.lines.positionAt(span.start);
  const e = doc.lines.positionAt(span.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}
