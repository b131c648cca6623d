// Compiles rules/*.yaml into server/src/engine/catalogue/catalogue.generated.ts so the engine gets the
// catalogue without touching the file system (and esbuild bundles it). Fails loudly on a bad pattern
// or an unknown field, naming the file: a broken rule must not build.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rulesDir = join(root, 'rules');
const out = join(root, 'server/src/engine/catalogue/catalogue.generated.ts');

const RULE_KEYS = new Set(['id', 'title', 'kind', 'topic', 'severity', 'jurisdictions', 'description', 'citations', 'since', 'when', 'section', 'notWithin', 'elements', 'messages', 'clauses', 'codeSeverity', 'fix', 'examples']);
const ELEMENT_KEYS = new Set(['id', 'code', 'label', 'requirements', 'citations', 'cues', 'severity', 'scope', 'check', 'clause', 'when', 'topic', 'forbid', 'match', 'channels', 'message', 'since']);
const WHEN_KEYS = new Set(['mentions', 'notMentions', 'topic', 'noTopic', 'audience', 'jurisdictions', 'says']);
const SEVERITIES = new Set(['error', 'warning', 'info']);
const problems = [];

function checkPattern(file, where, pattern) {
  try {
    new RegExp(pattern, 'i');
  } catch (e) {
    problems.push(`${file}: ${where}: invalid pattern ${JSON.stringify(pattern)}: ${e.message}`);
  }
}
function checkCues(file, where, cues) {
  if (!Array.isArray(cues)) return problems.push(`${file}: ${where}: cues must be a list`);
  cues.forEach((c, i) => {
    if (!Array.isArray(c.all) || c.all.length === 0) problems.push(`${file}: ${where}[${i}]: "all" needs at least one pattern`);
    for (const key of ['all', 'none', 'section']) for (const p of c[key] ?? []) checkPattern(file, `${where}[${i}].${key}`, p);
    if (c.within) checkPattern(file, `${where}[${i}].within`, c.within);
  });
}

const TOPIC_KEYS = new Set(['title', 'heading', 'headingExclude', 'headingRequires', 'headingText', 'sentences']);
const topics = parse(readFileSync(join(rulesDir, 'topics.yaml'), 'utf8'));
for (const [id, t] of Object.entries(topics)) {
  for (const key of Object.keys(t)) if (!TOPIC_KEYS.has(key)) problems.push(`topics.yaml: ${id}: unknown key "${key}"`);
  if (t.heading) checkPattern('topics.yaml', `${id}.heading`, t.heading);
  if (t.headingExclude) checkPattern('topics.yaml', `${id}.headingExclude`, t.headingExclude);
  // headingRequires: every pattern must match the prose under a heading for the heading to count.
  if (t.headingRequires !== undefined) {
    if (!Array.isArray(t.headingRequires) || !t.headingRequires.length) problems.push(`topics.yaml: ${id}.headingRequires must be a non-empty list`);
    else if (!t.heading) problems.push(`topics.yaml: ${id}.headingRequires needs a heading pattern`);
    else t.headingRequires.forEach((p, i) => checkPattern('topics.yaml', `${id}.headingRequires[${i}]`, p));
  }
  // headingText: the sentence cues are also tried on heading text.
  if (t.headingText !== undefined && typeof t.headingText !== 'boolean') problems.push(`topics.yaml: ${id}.headingText must be true or false`);
  checkCues('topics.yaml', `${id}.sentences`, t.sentences);
}

const laws = parse(readFileSync(join(rulesDir, 'laws.yaml'), 'utf8'));
for (const [id, law] of Object.entries(laws)) {
  for (const t of Object.keys(law.topics ?? {})) if (!(t in topics)) problems.push(`laws.yaml: ${id}: unknown topic "${t}"`);
}

// Fields of the `elements` kind and rule editions: a typo in a condition must fail the build, not
// silently make a rule never (or always) apply.
function checkSince(file, where, value) {
  if (value === undefined) return;
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (!m || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) problems.push(`${file}: ${where}: must be a quoted date 'YYYY-MM-DD' (got ${JSON.stringify(value)})`);
}
function checkMentions(file, where, spec) {
  if (typeof spec === 'string') checkPattern(file, where, spec);
  else checkCues(file, where, spec);
}
function checkWhen(file, where, when) {
  if (when === undefined) return;
  if (typeof when !== 'object' || when === null || Array.isArray(when)) return problems.push(`${file}: ${where}: must be an object`);
  for (const key of Object.keys(when)) if (!WHEN_KEYS.has(key)) problems.push(`${file}: ${where}: unknown key "${key}" (known: ${[...WHEN_KEYS].join(', ')})`);
  if (when.mentions !== undefined) checkMentions(file, `${where}.mentions`, when.mentions);
  if (when.notMentions !== undefined) checkMentions(file, `${where}.notMentions`, when.notMentions);
  for (const k of ['topic', 'noTopic']) if (when[k] !== undefined && !(when[k] in topics)) problems.push(`${file}: ${where}.${k}: unknown topic "${when[k]}"`);
  if (when.audience !== undefined && !['child-directed', 'general'].includes(when.audience)) problems.push(`${file}: ${where}.audience: must be child-directed or general`);
  for (const j of when.jurisdictions ?? []) if (!(j in laws)) problems.push(`${file}: ${where}.jurisdictions: unknown jurisdiction "${j}"`);
}
function checkRuleExtras(file, rule) {
  checkSince(file, 'since', rule.since);
  checkWhen(file, 'when', rule.when);
  if (rule.section !== undefined) checkPattern(file, 'section', rule.section);
  if (rule.notWithin !== undefined) checkPattern(file, 'notWithin', rule.notWithin);
  if (!SEVERITIES.has(rule.severity)) problems.push(`${file}: severity must be error, warning or info`);
  if (rule.topic !== undefined && !(rule.topic in topics)) problems.push(`${file}: unknown topic "${rule.topic}"`);
  for (const j of rule.jurisdictions) if (!(j in laws)) problems.push(`${file}: jurisdictions: "${j}" has no entry in laws.yaml`);
  if (rule.kind !== 'elements') {
    for (const k of ['when', 'section', 'notWithin']) if (rule[k] !== undefined) problems.push(`${file}: "${k}" is only read by the elements kind`);
  }
  const codes = new Set();
  for (const el of rule.elements ?? []) {
    const where = `elements.${el.id}`;
    for (const key of Object.keys(el)) if (!ELEMENT_KEYS.has(key)) problems.push(`${file}: ${where}: unknown key "${key}"`);
    for (const key of ['id', 'code', 'label', 'citations']) if (el[key] === undefined) problems.push(`${file}: ${where}: missing "${key}"`);
    if (codes.has(el.code)) problems.push(`${file}: ${where}: code ${el.code} is used twice`);
    codes.add(el.code);
    if (el.severity !== undefined && !SEVERITIES.has(el.severity)) problems.push(`${file}: ${where}.severity must be error, warning or info`);
    if (el.scope !== undefined && !['section', 'document', 'match-section', 'match-sentence'].includes(el.scope)) problems.push(`${file}: ${where}.scope: unknown scope "${el.scope}"`);
    if (el.check !== undefined && !['request-methods', 'last-updated', 'contact-channels', 'topic'].includes(el.check)) problems.push(`${file}: ${where}.check: unknown check "${el.check}"`);
    if (el.match !== undefined && !['sentence', 'text'].includes(el.match)) problems.push(`${file}: ${where}.match: must be sentence or text`);
    if (el.forbid !== undefined && typeof el.forbid !== 'boolean') problems.push(`${file}: ${where}.forbid must be true or false`);
    for (const c of el.channels ?? []) if (!['email', 'postal', 'phone', 'form'].includes(c)) problems.push(`${file}: ${where}.channels: unknown channel "${c}"`);
    if (el.topic !== undefined && !(el.topic in topics)) problems.push(`${file}: ${where}.topic: unknown topic "${el.topic}"`);
    if (el.check === 'topic' && !el.topic) problems.push(`${file}: ${where}: check topic needs a topic`);
    if (el.scope?.startsWith('match') && !el.when?.mentions && !rule.when?.mentions) problems.push(`${file}: ${where}: scope ${el.scope} needs a when.mentions (on the element or the rule)`);
    checkWhen(file, `${where}.when`, el.when);
    checkSince(file, `${where}.since`, el.since);
  }
}

const rules = [];
for (const name of readdirSync(rulesDir).filter((f) => f.endsWith('.yaml') && f !== 'topics.yaml' && f !== 'laws.yaml').sort()) {
  const rule = parse(readFileSync(join(rulesDir, name), 'utf8'));
  for (const key of Object.keys(rule)) if (!RULE_KEYS.has(key)) problems.push(`${name}: unknown key "${key}"`);
  if (`${rule.id}.yaml` !== name) problems.push(`${name}: id "${rule.id}" does not match the file name`);
  for (const key of ['title', 'kind', 'severity', 'description', 'citations', 'examples']) {
    if (rule[key] === undefined) problems.push(`${name}: missing "${key}"`);
  }
  rule.jurisdictions ??= [];
  rule.examples ??= {};
  rule.examples.ok ??= [];
  rule.examples.notOk ??= [];
  for (const el of rule.elements ?? []) {
    // Elements decided by code (`check`) may leave their cues out.
    if (el.cues === undefined && el.check) el.cues = [];
    else checkCues(name, `elements.${el.id}.cues`, el.cues);
  }
  checkRuleExtras(name, rule);
  rules.push(rule);
}

if (problems.length) {
  console.error(`rules/ has ${problems.length} problem(s):\n  ` + problems.join('\n  '));
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `// Generated by scripts/build-catalogue.mjs from rules/*.yaml. Do not edit; edit the YAML.\n` +
    `import type { CatalogueData } from './schema.js';\n\n` +
    `export const CATALOGUE_DATA = ${JSON.stringify({ topics, laws, rules }, null, 1)} as unknown as CatalogueData;\n`,
);
console.log(`catalogue: ${Object.keys(topics).length} topics, ${Object.keys(laws).length} laws, ${rules.length} rules`);
