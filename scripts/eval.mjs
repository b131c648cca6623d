// npm run eval -- <dir>…  Measures disclosure detection against labels.json files (schema in
// ../shared/corpus/README.md): per-topic precision and recall, whether the reported line is one of the
// labelled lines, and agreement on each detail field. Defaults to ../shared/corpus/{seeds,public}.
// A folder that also holds requirements.json (test/corpus/own does), or whose documents have item labels in
// test/corpus/corpus-requirements.json (the shared corpus), is scored item by item as well: for
// each requirement of the laws privacy-lint applies to a policy (GDPR Art. 13 items, CCPA notice items,
// COPPA, US states, LGPD, PIPEDA, APP, APPI ...), was it reported missing exactly when the label says so?
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Linter, analyseForEval, builtinCatalogue, emptyScore, formatForPath, mergeConfig, precisionRecall, scoreItems, totalOf, TOPICS } from '../out/server/src/engine/index.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const jsonOut = args.includes('--json');
let dirs = args.filter((a) => !a.startsWith('-'));
if (!dirs.length) dirs = ['../shared/corpus/seeds', '../shared/corpus/public'].filter((d) => existsSync(d));
if (!dirs.length) {
  console.error('eval: give one or more folders holding labels.json');
  process.exit(2);
}

const counts = Object.fromEntries(TOPICS.map((t) => [t, { tp: 0, fp: 0, fn: 0, tn: 0, lineHit: 0 }]));
const DETAIL_FIELDS = ['children_age', 'breach_timeframe', 'contact_email', 'contact_postal', 'contact_phone', 'contact_form', 'legal_bases_named', 'ccpa_rights_named'];
const detail = Object.fromEntries(DETAIL_FIELDS.map((f) => [f, { agree: 0, total: 0 }]));
const errors = [];

for (const dir of dirs) {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
  for (const [file, label] of Object.entries(labels)) {
    const path = resolve(dir, file);
    const { disclosures } = analyseForEval(path, readFileSync(path, 'utf8'));
    for (const t of TOPICS) {
      const want = label[t]?.present ?? false;
      const got = disclosures[t].present;
      const c = counts[t];
      if (want && got) {
        c.tp++;
        const lines = label[t].lines ?? [];
        if (lines.includes(disclosures[t].line)) c.lineHit++;
        else if (verbose) errors.push(`${file}: ${t}: line ${disclosures[t].line} not in labelled lines ${lines.slice(0, 8).join(',')}`);
      } else if (!want && got) {
        c.fp++;
        errors.push(`${file}: ${t}: FALSE POSITIVE at line ${disclosures[t].line}${label[t]?.note ? ` (label note: ${label[t].note})` : ''}`);
      } else if (want && !got) {
        c.fn++;
        errors.push(`${file}: ${t}: MISSED (labelled lines ${(label[t].lines ?? []).slice(0, 8).join(',')})`);
      } else c.tn++;
    }
    const got = {
      children_age: disclosures.children.details.age,
      breach_timeframe: disclosures.breach.details.timeframe,
      contact_email: disclosures.contact.details.email,
      contact_postal: disclosures.contact.details.postal,
      contact_phone: disclosures.contact.details.phone,
      contact_form: disclosures.contact.details.form,
      legal_bases_named: disclosures['legal-bases'].details.named,
      ccpa_rights_named: disclosures.ccpa.details.rights,
    };
    for (const f of DETAIL_FIELDS) {
      if (!(f in label)) continue;
      detail[f].total++;
      const same = JSON.stringify(got[f]) === JSON.stringify(label[f]);
      if (same) detail[f].agree++;
      else errors.push(`${file}: ${f}: got ${JSON.stringify(got[f])}, labelled ${JSON.stringify(label[f])}`);
    }
  }
}

// Requirement items (server/src/engine/requirement-eval.ts says how they are scored).
const catalogue = builtinCatalogue();
const linter = new Linter(catalogue);
const reqScore = emptyScore();
let reqDocs = 0;
// Item labels for the shared corpus live in this repository (../shared is read-only). They were labelled
// after the rules were written and scored once before any change (their file says what was fixed since).
const CORPUS_ITEMS = new URL('../test/corpus/corpus-requirements.json', import.meta.url).pathname;
const corpusItems = existsSync(CORPUS_ITEMS) ? JSON.parse(readFileSync(CORPUS_ITEMS, 'utf8')).documents : {};
for (const dir of dirs) {
  const file = join(dir, 'requirements.json');
  const documents = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).documents : Object.fromEntries(Object.entries(corpusItems).filter(([name]) => existsSync(join(dir, name))));
  for (const [name, items] of Object.entries(documents)) {
    reqDocs++;
    const path = resolve(dir, name);
    const res = linter.lint({ uri: path, text: readFileSync(path, 'utf8'), format: formatForPath(path) }, { config: mergeConfig({}), today: new Date(Date.UTC(2026, 10, 23)) });
    scoreItems(catalogue, name, res, items, reqScore);
  }
}

const fmt = (x) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
const rows = TOPICS.map((t) => {
  const c = counts[t];
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { topic: t, ...c, precision, recall, lineAgreement: c.tp ? c.lineHit / c.tp : NaN };
});
const reqRows = [...reqScore.rules].sort((x, y) => x[0].localeCompare(y[0])).map(([rule, c]) => ({ rule, ...precisionRecall(c) }));
const reqTotal = precisionRecall(totalOf(reqScore));
const reqErrors = reqScore.disagreements;
const reqSkipped = reqScore.skipped;
if (jsonOut) {
  console.log(JSON.stringify({ topics: rows, details: detail, requirements: reqDocs ? { rules: reqRows, total: reqTotal, disagreements: reqErrors } : undefined }, null, 2));
} else {
  console.log(`documents: ${dirs.join(', ')}\n`);
  console.log('topic                     tp  fp  fn  tn  precision  recall  line-in-labels');
  for (const r of rows) {
    console.log(`${r.topic.padEnd(24)} ${String(r.tp).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.fn).padStart(3)} ${String(r.tn).padStart(3)}  ${fmt(r.precision).padStart(9)}  ${fmt(r.recall).padStart(6)}  ${fmt(r.lineAgreement).padStart(6)}`);
  }
  console.log('\ndetail field          agreement');
  for (const f of DETAIL_FIELDS) console.log(`${f.padEnd(21)} ${detail[f].agree}/${detail[f].total}  ${fmt(detail[f].total ? detail[f].agree / detail[f].total : NaN)}`);
  const minP = Math.min(...rows.map((r) => r.precision));
  const minR = Math.min(...rows.map((r) => r.recall));
  console.log(`\nworst precision ${fmt(minP)}, worst recall ${fmt(minR)} (target ≥ 0.95)`);
  if (errors.length) console.log(`\n${errors.length} disagreement(s):\n  ` + errors.join('\n  '));
  if (reqDocs) {
    console.log(`\nrequirement items (${reqDocs} documents with item labels: a folder's requirements.json, or test/corpus/corpus-requirements.json for the shared corpus; positive = reported missing; ${reqSkipped} items not scored: their topic or notice is absent)`);
    console.log('rule                          tp  fp  fn  tn  precision  recall');
    for (const r of [...reqRows, { rule: 'TOTAL', ...reqTotal }])
      console.log(`${r.rule.padEnd(28)} ${String(r.tp).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.fn).padStart(3)} ${String(r.tn).padStart(3)}  ${fmt(r.precision).padStart(9)}  ${fmt(r.recall).padStart(6)}`);
    if (reqErrors.length) console.log(`\n${reqErrors.length} requirement disagreement(s):\n  ` + reqErrors.join('\n  '));
  }
}
