// The one place the engine uses compromise: turning spelled-out numbers ("sixteen", "twenty-one")
// into values. It is called only on the short phrases an AGE or DURATION pattern already matched,
// never on whole documents (compromise tags ~10 000 words/s here), and answers are memoised.
// compromise is loaded on first use, not at start-up: importing it costs 0.3-2 s, and most policies
// state ages as digits, so most runs of the CLI never need it.

import { createRequire } from 'node:module';

type Compromise = (text: string) => { numbers(): { get(): unknown[] } };

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

export function wordsToNumber(phrase: string): number | null {
  const key = phrase.toLowerCase().trim();
  let value = memo.get(key);
  if (value === undefined) {
    const found = compromise()(key).numbers().get();
    const first = found.find((n): n is number => typeof n === 'number');
    value = first ?? null;
    memo.set(key, value);
  }
  return value;
}
