// The literal gate in front of the catalogue's RegExps (catalogue/literals.ts, catalogue/gate.ts). Its
// one promise is soundness: when a pattern matches a text, the gate must let it run. These tests check
// the analysis on the constructs the catalogue uses, then the promise for every catalogue pattern on
// every sentence of the policies we have, and on those sentences mutated at random (case, word
// boundaries, non-ASCII letters that case-fold oddly).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { builtinCatalogue, compiledPatterns } from '../../server/src/engine/catalogue/catalogue.js';
import { literalCount, literalsIn, mayMatch, isGated, registerPattern } from '../../server/src/engine/catalogue/gate.js';
import { requiredLiterals } from '../../server/src/engine/catalogue/literals.js';
import { Linter, formatForPath, mergeConfig } from '../../server/src/engine/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DIRS = [join(ROOT, 'test/corpus/own'), join(ROOT, 'examples'), join(ROOT, '../shared/corpus/seeds'), join(ROOT, '../shared/corpus/public')];

const lits = (source: string) => requiredLiterals(source)?.map((l) => `${{ start: '^', inside: '*', exact: '=' }[l.kind]}${l.text}`) ?? null;

/** Sentences of every policy at hand, plus the rules' example texts. */
function sentences(): string[] {
  const out: string[] = [];
  const config = mergeConfig({ jurisdictions: 'auto' });
  for (const dir of DIRS.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir)) {
      if (!/\.(md|txt)$/.test(name) || name === 'SOURCES.md') continue;
      const path = join(dir, name);
      const r = new Linter().lint({ uri: path, text: readFileSync(path, 'utf8'), format: formatForPath(path) }, { config });
      out.push(...r.analysis.texts);
    }
  }
  for (const rule of builtinCatalogue().rules) for (const ex of [...rule.examples.ok, ...rule.examples.notOk]) out.push(...ex.text.split(/(?<=[.!?])\s+|\n+/));
  return out;
}

/** Patterns that match `text` although the gate says they cannot. */
function gateMisses(patterns: RegExp[], text: string): string[] {
  const found = literalsIn(text);
  return patterns.filter((re) => re.test(text) && !mayMatch(re, found)).map((re) => re.source.slice(0, 80));
}

describe('literal gate', () => {
  it('finds the literals every match must contain', () => {
    assert.deepEqual(lits(String.raw`\b(child(ren)?|minors?)\b`), ['^child', '^minor']);
    // The longest literal of a sequence; a literal after a space or hyphen begins a word.
    assert.deepEqual(lits(String.raw`\bright(s)? (to|of) (access|erasure)`), ['^access', '^erasure']);
    assert.deepEqual(lits(String.raw`two factor`), ['^factor']);
    // With punctuation, the whole run: it filters better than its words.
    assert.deepEqual(lits(String.raw`two-factor`), ['=two-factor']);
    assert.deepEqual(lits(String.raw`https?://`), ['*http']);
    assert.deepEqual(lits(String.raw`\w+://`), ['=://']);
    assert.deepEqual(lits(String.raw`[\w.]+@\w+`), ['=@']);
    assert.deepEqual(lits(String.raw`個人情報|\bAPPI\b`), ['=個人情報', '^appi']);
    // \d: any digit, the last resort of phone numbers and dates.
    assert.deepEqual(lits(String.raw`\+?\d[\d ().-]{7,20}\d`), ['*0', '*1', '*2', '*3', '*4', '*5', '*6', '*7', '*8', '*9']);
    assert.deepEqual(lits(String.raw`organi[sz]ational measures`), ['^measures']);
    // Optional parts are not required; a group that must match is.
    assert.deepEqual(lits(String.raw`\b(we )?(collect|gather)\b`), ['^collect', '^gather']);
    assert.deepEqual(lits(String.raw`(?:secur\w+)+|encrypt`), ['*secur', '*encrypt']);
    // An optional quote or space keeps a word start: taken, it is a non-word character; skipped, nothing changed.
    assert.deepEqual(lits(String.raw`\bnot\s+[“"']?(?:sell|rent)`), ['^sell', '^rent']);
    assert.deepEqual(lits(String.raw`x[“"']?(?:sell|rent)`), ['*sell', '*rent']);
    // Lookarounds consume nothing; a quantified letter ends the literal after its first copy.
    assert.deepEqual(lits(String.raw`(?<!not )\bsells+ data`), ['^sells']);
  });

  it('knows no literal where a match need not contain one', () => {
    for (const source of [
      String.raw`\b(to|for)\b`,
      String.raw`[都道府県]`, // a class is no literal
      String.raw`:\s*\S`, // a colon is in too many sentences
      String.raw`\b(we|us)\b`, // two letters are no filter
      String.raw`cookies|\w+`, // one alternative without literals
      String.raw`(data)?`,
      String.raw`ÉTÉ`, // a letter with case outside ASCII may match its other case: no exact literal
      String.raw`(a)\1`, // back references are not read
      String.raw`\u0041BC`,
      String.raw`(?<name>abc`,
    ]) {
      assert.equal(requiredLiterals(source), null, source);
    }
  });

  it('reads "[]" and "[^]" as JavaScript does (a class that ends there), so no literal is claimed wrongly', () => {
    // Read the POSIX way ("]" first in a class is a member), these swallowed the "|" that follows them.
    for (const [source, text] of [
      ['abc[^]|xyz]', 'xyz]'],
      ['foo[]|bar]', 'bar]'],
      ['[^]|x](abcd)', 'q'],
    ] as const) {
      const re = new RegExp(source, 'i');
      registerPattern(re, source);
      assert.ok(re.test(text), source);
      assert.ok(mayMatch(re, literalsIn(text)), `${source} on ${text}`);
    }
  });

  it('gates most catalogue patterns and compiles them before any text is scanned', () => {
    builtinCatalogue();
    const patterns = compiledPatterns();
    const gated = patterns.filter(isGated).length;
    assert.ok(patterns.length > 250, `${patterns.length} patterns`);
    assert.ok(gated / patterns.length > 0.8, `${gated} of ${patterns.length} gated`);
    assert.ok(literalCount().total > 500);
  });

  it('never holds back a catalogue pattern that matches a sentence of the policies at hand', function () {
    this.timeout(60_000);
    const patterns = compiledPatterns();
    const texts = sentences();
    assert.ok(texts.length > 500, `${texts.length} sentences`);
    const misses = texts.flatMap((t) => gateMisses(patterns, t).map((p) => `${p} ← ${t.slice(0, 80)}`));
    assert.deepEqual(misses, []);
  });

  it('never holds back a pattern on mutated sentences (case, word boundaries, odd letters)', function () {
    this.timeout(60_000);
    const patterns = compiledPatterns();
    const texts = sentences().filter((t) => t.length > 20);
    // Characters that test the gate's idea of a word: \b's word characters, letters outside ASCII that
    // case-fold to ASCII ones (Kelvin sign, long s, dotted I), separators and digits.
    const odd = ['_', '\u212A', '\u017F', '\u0130', 'é', '-', ' ', '.', '\n', '7', '@', '/'];
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('upper', 'lower', 'insert', 'replace', 'join'),
      ch: fc.constantFrom(...odd),
    });
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (ti, muts) => {
        let t = texts[ti]!;
        for (const m of muts) {
          const i = m.at % t.length;
          if (m.kind === 'upper') t = t.slice(0, i) + t.slice(i).toUpperCase();
          else if (m.kind === 'lower') t = t.slice(0, i) + t.slice(i).toLowerCase();
          else if (m.kind === 'insert') t = t.slice(0, i) + m.ch + t.slice(i);
          else if (m.kind === 'replace') t = t.slice(0, i) + m.ch + t.slice(i + 1);
          else t = t.slice(0, i) + t.slice(i).replace(/\s/, '');
        }
        assert.deepEqual(gateMisses(patterns, t), [], t);
      }),
      { numRuns: 300, ...(process.env.CI ? { seed: 20261205 } : {}) },
    );
  });
});
