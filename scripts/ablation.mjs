// npm run ablation [-- <dir>… ] [--jurisdictions=all|auto] [--omissions=<file>|--no-omissions] [--verbose] [--json]
//
// Ablation benchmark (issue 4, "Proof"): does deleting one disclosure from a real policy make the rule
// for that disclosure fire, and nothing else?
//
// Method
//   Documents: every complete policy in the labelled folders (default ../shared/corpus/seeds and
//   ../shared/corpus/public; labels.json as in ../shared/corpus/README.md). seed-001 (cut off inside its
//   California notice) and seed-002 (only its "Information We Collect" section) are not complete
//   policies and are skipped.
//   Laws: the ones the unmodified policy triggers, frozen in the config for every variant, as a team
//   that lets privacy-lint infer them would see them (deleting a California section must not switch
//   the CCPA off). A topic no rule of those laws asks for is not tested ("no rule"). With
//   --jurisdictions=all every rule of every law runs instead.
//   The lint date is pinned, so date rules judge every variant alike.
//
//   For each document and each topic its label says is present, delete one labelled section and lint:
//   - The labelled lines are placed in the engine's section tree. A section "of its own" is one whose
//     heading announces the topic (the topic's heading pattern in rules/topics.yaml) or whose heading
//     line is itself labelled; of those, the one holding most labelled lines is deleted whole, with its
//     subsections. When no such section exists, only the labelled lines that lie in the section holding
//     most of them are deleted (blanked, so paragraphs stay apart). Sections covering most of the
//     document (the title) never count.
//   - Expected to fire: every labelled line of the topic was deleted. Then the matching rule must fire:
//     a rule about the topic (its `topic` in rules/*.yaml, or the topic of the element that reports)
//     newly reports ABSENT or a deficiency it did not report on the unmodified policy. Topics the
//     detector misses even in the unmodified policy are not tested.
//   - Also disclosed elsewhere: some labelled lines of the topic lie outside the deleted text. The
//     matching rule rightly stays silent; counted separately (if it fires, detection missed the rest).
//   - Other rules newly firing: a rule id and code reported on the variant but not on the unmodified
//     policy, from a rule (or a rule's element) of another topic or of none. It is legitimate when the
//     deleted text held what it asks for: collateral when its topic lost all its labelled lines to the
//     deletion, partly collateral when it lost some, dependent when the element's own cues match a
//     deleted sentence (a CCPA item met by the general "What we collect" section). Otherwise it is
//     spurious. A deletion counts once per column however many rules it touched, in the first of
//     spurious, collateral, partly collateral, dependent that applies.
//   Targets: matching rule fires in ≥ 0.97 of the expected cases; some other rule fires spuriously in
//   ≤ 0.02 of all deletions.
//
//   Explaining misses (not a second score): test/corpus/label-omissions.json lists lines of the corpus that
//   make a disclosure its labels leave out. A miss where such a line survives the deletion is one where
//   the text still makes the disclosure; the report says so next to the miss and counts those misses.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JURISDICTIONS, Linter, TOPICS, builtinCatalogue, formatForPath, mergeConfig } from '../out/server/src/engine/index.js';
import { compileCue, cueMatchesText } from '../out/server/src/engine/catalogue/catalogue.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const jsonOut = args.includes('--json');
const mode = (args.find((a) => a.startsWith('--jurisdictions=')) ?? '--jurisdictions=auto').split('=')[1];
const omissionsPath = args.includes('--no-omissions')
  ? null
  : (args.find((a) => a.startsWith('--omissions='))?.slice('--omissions='.length) ?? new URL('../test/corpus/label-omissions.json', import.meta.url).pathname);
const omissions = omissionsPath && existsSync(omissionsPath) ? JSON.parse(readFileSync(omissionsPath, 'utf8')).documents : {};
let dirs = args.filter((a) => !a.startsWith('-'));
if (!dirs.length) dirs = ['../shared/corpus/seeds', '../shared/corpus/public'].filter((d) => existsSync(d));
if (!dirs.length) {
  console.error('ablation: give one or more folders holding labels.json');
  process.exit(2);
}
if (!['all', 'auto'].includes(mode)) {
  console.error('ablation: --jurisdictions takes all or auto');
  process.exit(2);
}

/** Not complete policies (../shared/corpus/README.md). */
const INCOMPLETE = new Set(['seed-001.txt', 'seed-002.txt']);
const TODAY = new Date(Date.UTC(2026, 10, 23));
const catalogue = builtinCatalogue();
const linter = new Linter(catalogue);
const topicOfRule = new Map(catalogue.rules.map((r) => [r.id, r.topic ?? null]));
const ruleById = new Map(catalogue.rules.map((r) => [r.id, r]));
const compiledElements = new Map();

/** Elements checked by code rather than cues, and the topic whose text they read. */
const CHECK_TOPIC = { 'last-updated': 'effective-date', 'contact-channels': 'contact', 'request-methods': 'contact' };
/** Deficiencies rule kinds find in code, and what the deleted text must hold for them to be explained. */
const CODE_NEEDS = {
  'LB-CONSENT-NO-WITHDRAWAL': /\b(?:withdraw|revoke|revocation)\w*\b/i,
  'CONTACT-NO-CHANNEL': /@|https?:\/\/|\bwww\.|\d{3}/i,
};

/** The topic a finding is about: its element's topic (or the topic its check reads), else its rule's. */
function topicOf(f) {
  const el = ruleById.get(f.ruleId)?.elements?.find((e) => e.code === f.code);
  return el?.topic ?? (el?.check ? CHECK_TOPIC[el.check] : undefined) ?? topicOfRule.get(f.ruleId) ?? null;
}

/** True when the element behind `f` finds what it looks for in one of the deleted sentences. */
function elementMetIn(f, sentences) {
  if (CODE_NEEDS[f.code]) return sentences.some((t) => CODE_NEEDS[f.code].test(t));
  const el = ruleById.get(f.ruleId)?.elements?.find((e) => e.code === f.code);
  if (!el?.cues?.length) return false;
  let cues = compiledElements.get(el);
  if (!cues) compiledElements.set(el, (cues = el.cues.map(compileCue)));
  return sentences.some((t) => cues.some((c) => cueMatchesText(c, t)));
}

const key = (f) => `${f.ruleId}|${f.code}`;

/**
 * Whether a rule that reports the topic's absence runs under `config` for this policy: one whose topic it
 * is (presence and headline rules). Element rules that merely read the topic's section stay silent
 * when it is gone, by design, so they do not count.
 */
function rulesFor(topic, config, base) {
  return catalogue.rules.some(
    (r) => r.topic === topic && r.kind !== 'elements' && r.kind !== 'consistency' && config.rules[r.id] !== 'off' && (r.jurisdictions.length === 0 || r.jurisdictions.some((j) => base.applicability.has(j))),
  );
}

/** Sections from the innermost to the outermost that contain `offset`, without the title or navigation. */
function chainAt(doc, offset) {
  const len = doc.text.length - doc.contentStart;
  return doc.sections
    .filter((s) => s.heading && !s.navigation && s.span.start <= offset && offset < s.span.end && s.span.end - s.span.start < 0.5 * len)
    .sort((a, b) => b.level - a.level || a.span.end - a.span.start - (b.span.end - b.span.start));
}

function announces(topic, heading) {
  const t = catalogue.topic(topic);
  return !!t.heading && t.heading.test(heading) && !(t.headingExclude && t.headingExclude.test(heading));
}

/** The text to delete for a topic: a whole section of its own, or the labelled lines. */
function regionFor(doc, topic, lines) {
  const lineStart = (l) => doc.lines.starts[l - 1];
  const valid = lines.filter((l) => l >= 1 && l <= doc.lines.lineCount);
  const counts = new Map();
  for (const l of valid) for (const s of chainAt(doc, lineStart(l))) counts.set(s, (counts.get(s) ?? 0) + 1);
  const headingLines = new Set(valid);
  const own = [...counts.keys()].filter((s) => announces(topic, s.heading.text) || headingLines.has(doc.lines.lineAt(s.heading.span.start) + 1));
  if (own.length) {
    own.sort((a, b) => counts.get(b) - counts.get(a) || a.span.end - a.span.start - (b.span.end - b.span.start));
    const s = own[0];
    return { kind: 'section', ranges: [{ start: s.span.start, end: s.span.end }], heading: s.heading.text };
  }
  // No section of its own: the labelled lines of the section that holds most of them (or all of them
  // when they are in the preamble).
  const inner = valid.map((l) => chainAt(doc, lineStart(l))[0] ?? null);
  const tally = new Map();
  for (const s of inner) tally.set(s, (tally.get(s) ?? 0) + 1);
  const best = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const chosen = valid.filter((_, i) => inner[i] === best);
  return { kind: 'lines', ranges: chosen.map((l) => ({ start: lineStart(l), end: doc.lines.lineEnd(l - 1) })), heading: best?.heading?.text ?? '(preamble)' };
}

/** 1-based lines whose text lies entirely inside the deleted ranges. */
function deletedLines(doc, ranges) {
  const out = new Set();
  for (let l = 0; l < doc.lines.lineCount; l++) {
    const start = doc.lines.starts[l];
    const end = doc.lines.lineEnd(l);
    if (ranges.some((r) => start >= r.start && end <= r.end)) out.add(l + 1);
  }
  return out;
}

/** Removes the ranges: a section with its heading, or a line's text (its line break stays). */
function applyDeletion(text, ranges) {
  let out = text;
  for (const r of [...ranges].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + out.slice(r.end);
  return out;
}

const rows = Object.fromEntries(TOPICS.map((t) => [t, { undetected: 0, noRule: 0, deletions: 0, section: 0, lines: 0, expected: 0, fired: 0, elsewhere: 0, elsewhereFired: 0, spurious: 0, collateral: 0, partial: 0, dependent: 0 }]));
const misses = [];
let explained = 0;
const spuriousList = [];
const elsewhereFiredList = [];
let documents = 0;

for (const dir of dirs) {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
  for (const [file, label] of Object.entries(labels)) {
    if (INCOMPLETE.has(file)) continue;
    const path = resolve(dir, file);
    const text = readFileSync(path, 'utf8');
    const format = formatForPath(path);
    const auto = linter.lint({ uri: path, text, format }, { config: mergeConfig({}), today: TODAY });
    const jurisdictions = mode === 'all' ? [...JURISDICTIONS] : [...auto.applicability.keys()];
    const config = mergeConfig({ jurisdictions });
    const base = linter.lint({ uri: path, text, format }, { config, today: TODAY });
    const baseKeys = new Set(base.findings.map(key));
    const doc = base.doc;
    documents++;
    for (const topic of TOPICS) {
      const l = label[topic];
      if (!l?.present || !l.lines?.length) continue;
      const region = regionFor(doc, topic, l.lines);
      if (!region.ranges.length) continue;
      const gone = deletedLines(doc, region.ranges);
      const variant = applyDeletion(text, region.ranges);
      const res = linter.lint({ uri: path, text: variant, format }, { config, today: TODAY });
      const row = rows[topic];
      // The detector already misses the topic in the unmodified policy: deleting it proves nothing.
      if (!base.disclosures[topic].present) {
        row.undetected++;
        continue;
      }
      if (!rulesFor(topic, config, base)) {
        row.noRule++;
        continue;
      }
      row.deletions++;
      row[region.kind]++;
      const remaining = l.lines.filter((x) => !gone.has(x));
      const newFindings = res.findings.filter((f) => !baseKeys.has(key(f)));
      const matching = newFindings.filter((f) => topicOf(f) === topic);
      const fired = matching.length > 0;
      const where = `${file} ${topic} (${region.kind}: ${region.heading})`;
      if (remaining.length === 0) {
        row.expected++;
        if (fired) row.fired++;
        else {
          const ev = res.analysis.topics[topic].evidence.slice(0, 2).map((e) => `${res.doc.lines.lineAt(e.span.start) + 1}: "${res.doc.plain.slice(e.span.start, e.span.end).replace(/\s+/g, ' ').trim().slice(0, 110)}"`);
          const omitted = omissions[file]?.[topic];
          const left = omitted?.lines.filter((x) => !gone.has(x)) ?? [];
          if (left.length) explained++;
          const why = left.length ? ` — labels omit line ${left.join(', ')}, which still discloses: ${omitted.why}` : '';
          misses.push(`${where}: no ${topic} rule fired; still detected at ${ev.join(' | ') || '(no evidence; rule silent)'}${why}`);
        }
      } else {
        row.elsewhere++;
        if (fired) {
          row.elsewhereFired++;
          elsewhereFiredList.push(`${where}: fired (${[...new Set(matching.map(key))].join(', ')}) though labelled lines ${remaining.slice(0, 6).join(',')} remain`);
        }
      }
      let spurious = false;
      let collateral = false;
      let partial = false;
      let dependent = false;
      const deletedSentences = base.analysis.sentences
        .filter((x) => region.ranges.some((r) => x.span.start >= r.start && x.span.end <= r.end))
        .map((x) => doc.plain.slice(x.span.start, x.span.end));
      for (const f of newFindings) {
        const u = topicOf(f);
        if (u === topic) continue;
        const ul = u ? label[u] : null;
        const lost = ul?.present && ul.lines?.length ? ul.lines.filter((x) => gone.has(x)).length : 0;
        if (ul?.present && lost === ul.lines.length && lost > 0) collateral = true;
        else if (lost > 0) partial = true;
        else if (elementMetIn(f, deletedSentences)) dependent = true;
        else {
          spurious = true;
          spuriousList.push(`${where}: ${key(f)}${u ? ` [${u}]` : ''} — ${f.message.slice(0, 150)}`);
        }
      }
      if (spurious) row.spurious++;
      else if (collateral) row.collateral++;
      else if (partial) row.partial++;
      else if (dependent) row.dependent++;
    }
  }
}

const total = Object.values(rows).reduce((acc, r) => {
  for (const k of Object.keys(r)) acc[k] = (acc[k] ?? 0) + r[k];
  return acc;
}, {});
const rate = (a, b) => (b ? a / b : NaN);
const fmt = (x) => (Number.isNaN(x) ? '   -  ' : x.toFixed(3).padStart(6));

if (jsonOut) {
  console.log(JSON.stringify({ documents, jurisdictions: mode, topics: rows, total, misses, explainedByOmissions: explained, spurious: spuriousList, elsewhereFired: elsewhereFiredList }, null, 2));
} else {
  console.log(`ablation: ${documents} complete policies in ${dirs.join(', ')}; laws: ${mode === 'all' ? 'all rules run' : 'as inferred from each unmodified policy'}\n`);
  const line = (name, r) =>
    `${name.padEnd(24)} ${String(r.deletions).padStart(5)} ${String(r.section).padStart(4)} ${String(r.lines).padStart(5)} ${String(r.undetected + r.noRule).padStart(7)} | ${String(r.expected).padStart(8)} ${String(r.fired).padStart(5)} ${fmt(rate(r.fired, r.expected))} | ${String(r.elsewhere).padStart(9)} ${String(r.elsewhereFired).padStart(5)} | ${String(r.spurious).padStart(8)} ${fmt(rate(r.spurious, r.deletions))} ${String(r.collateral).padStart(10)} ${String(r.partial).padStart(7)} ${String(r.dependent).padStart(9)}`;
  console.log('                               deleted        not    |  all lines deleted    | disclosed       | other rules newly firing');
  console.log('topic                    total sect lines tested* | expected fired  rate  | elsewhere fired | spurious  rate  collateral partial dependent');
  for (const t of TOPICS) if (rows[t].deletions || rows[t].undetected || rows[t].noRule) console.log(line(t, rows[t]));
  console.log(line('TOTAL', total));
  console.log(`* not tested: the detector already misses the topic in the unmodified policy (${total.undetected}), or no rule of the policy's laws asks for it (${total.noRule})`);
  const fire = rate(total.fired, total.expected);
  const other = rate(total.spurious, total.deletions);
  console.log(`\nmatching rule fires: ${fmt(fire).trim()} (target ≥ 0.97) ${fire >= 0.97 ? 'met' : 'MISSED'}`);
  console.log(`another rule newly fires (spurious): ${fmt(other).trim()} (target ≤ 0.02) ${other <= 0.02 ? 'met' : 'MISSED'}`);
  console.log(`legitimately: collateral ${total.collateral}, partly collateral ${total.partial}, dependent ${total.dependent}; matching rule fired although the topic is disclosed elsewhere: ${total.elsewhereFired}/${total.elsewhere}`);
  if (Object.keys(omissions).length)
    console.log(`misses where the text left still makes the disclosure on a line the corpus labels omit: ${explained} of ${misses.length} (${omissionsPath.replace(/^.*\/test\//, 'test/')})`);
  if (verbose || misses.length) console.log(`\nmisses (${misses.length}):\n  ${misses.join('\n  ') || '-'}`);
  if (verbose) {
    console.log(`\nspurious new findings (${spuriousList.length}):\n  ${spuriousList.join('\n  ') || '-'}`);
    console.log(`\nfired although disclosed elsewhere (${elsewhereFiredList.length}):\n  ${elsewhereFiredList.join('\n  ') || '-'}`);
  }
}
