// The one place the engine uses compromise: turning spelled-out numbers ("sixteen", "twenty-one")
// into values. It is called only on the short phrases an AGE or DURATION pattern already matched,
// never on whole documents (compromise tags ~10 000 words/s here), and answers are memoised.

import nlp from 'compromise';

const memo = new Map<string, number | null>();

export function wordsToNumber(phrase: string): number | null {
  const key = phrase.toLowerCase().trim();
  let value = memo.get(key);
  if (value === undefined) {
    const found = nlp(key).numbers().get() as unknown[];
    const first = found.find((n): n is number => typeof n === 'number');
    value = first ?? null;
    memo.set(key, value);
  }
  return value;
}
