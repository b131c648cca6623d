// The one place the engine uses compromise: turning spelled-out numbers ("sixteen", "twenty-one")
// into values. It is called only on the short phrases an AGE or DURATION pattern already matched,
// never on whole documents (compromise tags ~10 000 words/s here), and answers are memoised.
// compromise is loaded on first use, not at start-up: importing it costs 0.3-2 s, and most policies
// state ages as digits; the common number words ("sixteen", "seventy-two") are read from a small table
// first, so most runs of the CLI never need it.

import { createRequire } from 'node:module';

type Compromise = (text: string) => { numbers(): { get(): unknown } };

let loaded: Compromise | null = null;

function compromise(): Compromise {
  if (!loaded) {
    // In the bundled server (CommonJS) esbuild inlines this require and runs it lazily; from the ES
    // modules in out/, createRequire loads compromise's own CommonJS build synchronously.
    loaded = (typeof require === 'function' ? require('compromise') : createRequire(import.meta.url)('compromise')) as Compromise;
  }
  return loaded;
}

const memo = new Map<string, number | null>();

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** "sixteen", "seventy-two", "thirty one": the words ages and notice periods use, without compromise. */
function simpleNumber(key: string): number | null {
  const m = /^([a-z]+)(?:[- ]([a-z]+))?$/.exec(key);
  if (!m) return null;
  const unit = UNITS.indexOf(m[1]!);
  if (unit >= 0) return m[2] ? null : unit;
  const tens = TENS.indexOf(m[1]!);
  if (tens < 2) return null;
  if (!m[2]) return tens * 10;
  const rest = UNITS.indexOf(m[2]);
  return rest >= 1 && rest <= 9 ? tens * 10 + rest : null;
}

export function wordsToNumber(phrase: string): number | null {
  const key = phrase.toLowerCase().trim().replace(/\s+/g, ' ');
  let value = memo.get(key);
  if (value === undefined) {
    const simple = simpleNumber(key);
    if (simple !== null) {
      memo.set(key, simple);
      return simple;
    }
    // With no number in the phrase, compromise's get() returns the empty view itself, not an array.
    const found: unknown = compromise()(key).numbers().get();
    const first = Array.isArray(found) ? found.find((n): n is number => typeof n === 'number') : undefined;
    value = first ?? null;
    memo.set(key, value);
  }
  return value;
}
