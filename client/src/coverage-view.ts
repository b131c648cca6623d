// The coverage matrix as the editor shows it: status-bar text, its tooltip, and the rows of the
// "Show coverage" picker. Types mirror the server's `privacyLint/coverage` answer (engine Coverage).
// Pure (no vscode import) so tests can run it.

export interface LawCoverage {
  id: string;
  name: string;
  present: number;
  total: number;
  missing: Array<{ topic: string; provision: string }>;
  /** Why the law applies (configured, or what in the text triggered it). */
  reason?: string;
}

export interface Coverage {
  present: number;
  total: number;
  laws: LawCoverage[];
  /** The coverage matrix rows (servers of this version send them): every topic, with its evidence. */
  rows?: MatrixRow[];
}

/** One topic of the matrix: whether it is disclosed, and where (1-based lines). */
export interface MatrixRow {
  topic: string;
  title: string;
  present: boolean;
  /** One per law of `laws`: null where that law does not ask for the topic. */
  cells: Array<{ law: string; provision: string; present: boolean } | null>;
  evidence: Array<{ line: number; kind: 'heading' | 'sentence'; text: string }>;
}

/** What `privacyLint/coverage` {uri} answers; null when the document is not linted. */
export interface CoverageResult {
  summary: string;
  coverage: Coverage;
  /** The .privacylintrc.* file that applies to the document, if any (a path). */
  configFile?: string | null;
}

/** A clause the server can insert: a rule with a fix (from rules/*.yaml at bundle time). */
export interface ClauseInfo {
  rule: string;
  topic?: string;
  /** The heading the clause inserts, e.g. "Children's Privacy". */
  heading: string;
  /** The rule's title. */
  title: string;
}

/** The part of the rule catalogue the client's pickers use. */
export interface ClientCatalogue {
  clauses: ClauseInfo[];
  /** Topic id → title, e.g. "dpo" → "Data Protection Officer or representative". */
  topics: Record<string, string>;
}

export function isCoverageResult(value: unknown): value is CoverageResult {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<CoverageResult>;
  return typeof v.summary === 'string' && !!v.coverage && Array.isArray(v.coverage.laws);
}

/** "14/19 disclosures · GDPR 11/13" → status-bar text with an icon; short enough for the bar. */
export function statusText(result: CoverageResult): string {
  const c = result.coverage;
  const complete = c.laws.every((l) => l.present === l.total);
  return `${complete ? '$(pass)' : '$(law)'} ${result.summary || `${c.present}/${c.total} disclosures`}`;
}

/** Markdown for the status-bar tooltip: one line per law, with what is missing. */
export function tooltipMarkdown(result: CoverageResult, fileName: string, topics: Record<string, string> = {}): string {
  const c = result.coverage;
  const lines = [`**privacy-lint** · ${escapeMd(fileName)}`, '', `${c.present} of ${c.total} disclosure topics covered.`, ''];
  if (!c.laws.length) lines.push('No law applies yet: set `privacyLint.jurisdictions`, or the text names none.');
  for (const law of c.laws) {
    const missing = law.missing.map((m) => `${escapeMd(topicLabel(m.topic, topics))} (${escapeMd(m.provision)})`).join(', ');
    const why = law.reason ? ` _(${escapeMd(law.reason)})_` : '';
    lines.push(`- **${escapeMd(law.name)}** ${law.present}/${law.total}${missing ? ` · missing: ${missing}` : ' · complete'}${why}`);
  }
  lines.push('', result.configFile ? `Config: ${escapeMd(result.configFile)}` : 'Config: editor settings only (no .privacylintrc file)', '', 'Click for the coverage matrix.');
  return lines.join('\n');
}

export interface CoverageRow {
  kind: 'law' | 'missing' | 'complete' | 'covered-header' | 'covered';
  label: string;
  description?: string;
  detail?: string;
  /** For missing rows: the topic, and the rule whose clause covers it, if one exists. */
  topic?: string;
  clauseRule?: string;
  /** For covered rows: the 0-based line of the first evidence, to reveal. */
  line?: number;
}

/** Picker rows: a header per law, then its missing topics (each offering its clause when one exists). */
export function coverageRows(result: CoverageResult, catalogue: ClientCatalogue): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const law of result.coverage.laws) {
    rows.push({ kind: 'law', label: `${law.name} ${law.present}/${law.total}`, description: law.reason });
    if (!law.missing.length) {
      rows.push({ kind: 'complete', label: `$(pass) All ${law.total} disclosures present` });
      continue;
    }
    for (const m of law.missing) {
      const clause = catalogue.clauses.find((c) => c.topic === m.topic);
      rows.push({
        kind: 'missing',
        label: `$(circle-slash) ${topicLabel(m.topic, catalogue.topics)}`,
        description: m.provision,
        detail: clause ? `Insert "${clause.heading}"` : 'No clause template for this topic yet: write this section yourself',
        topic: m.topic,
        clauseRule: clause?.rule,
      });
    }
  }
  // Then what the policy does disclose, for the laws that apply, with where: the matrix's evidence.
  const covered = (result.coverage.rows ?? []).filter((r) => r.present && r.cells.some((c) => c !== null) && r.evidence.length);
  if (covered.length) {
    rows.push({ kind: 'covered-header', label: `Covered ${covered.length}` });
    for (const r of covered) {
      const laws = r.cells.flatMap((c) => (c ? [`${lawName(result, c.law)} ${c.provision}`] : []));
      const first = r.evidence[0]!;
      rows.push({
        kind: 'covered',
        label: `$(pass) ${r.title || topicLabel(r.topic, catalogue.topics)}`,
        description: laws.join(' · '),
        detail: `Line ${first.line}: ${first.text}`,
        topic: r.topic,
        line: first.line - 1,
      });
    }
  }
  return rows;
}

function lawName(result: CoverageResult, id: string): string {
  return result.coverage.laws.find((l) => l.id === id)?.name ?? id;
}

/** Picker items for "Insert clause": missing ones first, each saying which laws ask for it. */
export function clauseChoices(
  clauses: readonly ClauseInfo[],
  coverage: CoverageResult | undefined,
): Array<{ clause: ClauseInfo; missingFor: string[] }> {
  const choices = clauses.map((clause) => ({
    clause,
    missingFor: (coverage?.coverage.laws ?? []).flatMap((law) =>
      law.missing.filter((m) => m.topic === clause.topic).map((m) => `${law.name} ${m.provision}`),
    ),
  }));
  // Stable: missing first, otherwise catalogue order.
  return choices
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(b.c.missingFor.length > 0) - Number(a.c.missingFor.length > 0) || a.i - b.i)
    .map(({ c }) => c);
}

/** The topic's title from the catalogue, else `international-transfers` → `International transfers`. */
export function topicLabel(topic: string, topics: Record<string, string> = {}): string {
  if (Object.hasOwn(topics, topic) && topics[topic]) return topics[topic];
  const words = topic.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|]/g, (ch) => `\\${ch}`);
}
