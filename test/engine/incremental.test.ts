// Incremental linting gives exactly what a cold lint gives. One Linter keeps caches across edits (Markdown
// chunk parses, per-block detection, per-line rule scans); after every edit its result must equal a fresh
// Linter's on the same text: findings, suppressed findings, disclosures and the document model (sections,
// blocks, plain text). And cutting Markdown into chunks must read the text as one whole-text parse does.
// Documents: ../shared/corpus when present (never copied into the repo), test/corpus/own and examples/.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter, formatForPath, mergeConfig, type LintResult } from '../../server/src/engine/index.js';
import { MarkdownReader, type MarkdownParse } from '../../server/src/engine/document/markdown.js';
import { TODAY } from '../helpers/lint.js';
import { random } from '../helpers/random.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIRS = [join(REPO, '../shared/corpus/public'), join(REPO, '../shared/corpus/seeds'), join(REPO, 'test/corpus/own'), join(REPO, 'examples')];

interface Doc {
  name: string;
  path: string;
  text: string;
}

function documents(): Doc[] {
  const out: Doc[] = [];
  for (const dir of DIRS) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!/\.(md|markdown|txt)$/i.test(name) || name === 'SOURCES.md' || !statSync(path).isFile()) continue;
      out.push({ name, path, text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}


interface Edit {
  at: number;
  removed: string;
  inserted: string;
}

function apply(text: string, e: Edit): string {
  return text.slice(0, e.at) + e.inserted + text.slice(e.at + e.removed.length);
}

function invert(e: Edit): Edit {
  return { at: e.at, removed: e.inserted, inserted: e.removed };
}

/** What typing does: a letter, a space, a line break, Markdown punctuation; or a character deleted. */
const TYPED = ['x', 'e', ' ', '\n', '\n\n', '-', '#', '*', '1. ', '    ', '`', '<', '@', '[', ']'];

function randomEdit(text: string, rnd: () => number): Edit {
  const at = Math.floor(rnd() * (text.length + 1));
  if (rnd() < 0.35 && at < text.length) {
    const len = 1 + Math.floor(rnd() * 3);
    return { at, removed: text.slice(at, at + len), inserted: '' };
  }
  return { at, removed: '', inserted: TYPED[Math.floor(rnd() * TYPED.length)]! };
}

/** Everything a caller of the engine can see, in a form deepEqual compares. */
function observable(r: LintResult) {
  const d = r.doc;
  return {
    findings: r.findings,
    suppressed: r.suppressed,
    disclosures: r.disclosures,
    applicability: [...r.applicability.entries()],
    sections: d.sections,
    blocks: d.blocks,
    plain: d.plain,
    comments: d.comments,
    contentStart: d.contentStart,
  };
}

const config = mergeConfig({ jurisdictions: 'auto' });
const EDITS = 3;

describe('incremental linting equals a fresh lint', function () {
  this.timeout(120_000);
  const docs = documents();

  it('finds the documents', () => {
    assert.ok(docs.length >= 20, `only ${docs.length} documents`);
  });

  docs.forEach((doc, n) => {
    it(`${doc.name}: edits and their revert, one Linter vs a fresh one`, () => {
      const format = formatForPath(doc.path);
      const lintWith = (l: Linter, text: string) => observable(l.lint({ uri: doc.path, text, format }, { config, today: TODAY }));
      const rnd = random(1000 + n);
      const warm = new Linter();
      const initial = lintWith(warm, doc.text);
      let text = doc.text;
      const edits: Edit[] = [];
      for (let i = 0; i < EDITS; i++) {
        const e = randomEdit(text, rnd);
        edits.push(e);
        text = apply(text, e);
        assert.deepEqual(lintWith(warm, text), lintWith(new Linter(), text), `after edit ${i + 1} ${JSON.stringify(e)} (seed ${1000 + n})`);
      }
      for (const e of edits.reverse()) text = apply(text, invert(e));
      assert.equal(text, doc.text);
      assert.deepEqual(lintWith(warm, text), initial, 'after reverting every edit');
    });
  });
});

/** Headings, blocks, comments and the plain twin of a Markdown parse. */
function model(p: MarkdownParse) {
  return { headings: p.headings, blocks: p.blocks, comments: p.comments, plain: p.plain };
}

describe('Markdown chunks read as the whole text does', function () {
  this.timeout(120_000);
  const docs = documents().filter((d) => formatForPath(d.path) === 'markdown');
  // Constructs whose reading depends on what came before: fences, HTML blocks, list items and their
  // content columns, indented code, headings inside HTML, tabs; and a byte order mark, which micromark
  // drops at the start of its input.
  const SNIPPETS = ['\n\n', '\n', '```', '\n```\n', '~~~', '<!--', '-->', '    ', '1. ', '- ', '> ', '\t', '<pre>', '</pre>', '# ', '\n# H\n', '\n\n   - ', '\n\n2. ', '<div>', '\n<div>\n', '\n\n    ```\n', '\n\n       code\n', '\n    \n    4. a\n', '\n\n        x\n\n', '   #  \n', '\n\n\ufeff', '\u0000', '\r\n', '\r'];

  it('on each document as it is, and after random Markdown-significant insertions', () => {
    const rnd = random(7);
    let compared = 0;
    for (const d of docs) {
      const variants = [d.text];
      for (let v = 0; v < 6; v++) {
        let t = d.text;
        const k = 1 + Math.floor(rnd() * 6);
        for (let i = 0; i < k; i++) {
          const at = Math.floor(rnd() * (t.length + 1));
          t = t.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + t.slice(at);
        }
        variants.push(t);
      }
      for (const t of variants) {
        const whole = model(new MarkdownReader('none').parse(t));
        const where = `${d.name}: ${JSON.stringify(t.slice(0, 80))}…`;
        // Chunks read in runs (a cold parse) and one by one (after edits) both read as the whole text.
        assert.deepEqual(model(new MarkdownReader('fine').parse(t)), whole, where);
        assert.deepEqual(model(new MarkdownReader('fine', { batch: false }).parse(t)), whole, where);
        compared++;
      }
    }
    assert.ok(compared >= docs.length);
  });
});
