// Whole-text regular-expression scans done line by line, each line's matches remembered by its text, so
// a rule that looks for patterns anywhere in a policy (placeholders, malformed emails) re-scans only the
// lines an edit touched. Gives exactly the matches a global scan of the whole text from `from` gives,
// in the same order, for patterns that can never match a line feed and whose assertions treat a line
// feed as they treat the ends of the text (\b, a lookbehind for a character class without "\n"; not ^
// or $): no match can then span two lines, and a line reads the same alone as in the text.

import type { TextMemo } from './memo.js';

/** A match: its offset in the whole text and the matched text. */
export type LineMatch = [index: number, text: string];

/**
 * A global pattern, or one with a guard: a cheap test that every line the pattern can match in passes
 * ("example." for a pattern that needs it). Lines that fail the guard are not scanned.
 */
export type ScanPattern = RegExp | { re: RegExp; guard: RegExp };

/**
 * For each of `patterns` (global), its non-empty matches in `text` starting at or after `from`, in
 * text order. `namespace` names the pattern list in `memo`.
 */
export function lineMatches(memo: TextMemo, namespace: string, text: string, from: number, patterns: readonly ScanPattern[]): LineMatch[][] {
  const out: LineMatch[][] = patterns.map(() => []);
  let lineStart = from > 0 ? text.lastIndexOf('\n', from - 1) + 1 : 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    // The first line may start before `from`: scanned as the whole text would be, from `from` on, unremembered.
    const found = from > lineStart ? scan(line, from - lineStart, patterns) : memo.get(namespace, line, (l) => scan(l, 0, patterns));
    for (let k = 0; k < patterns.length; k++) for (const [i, t] of found[k]!) out[k]!.push([lineStart + i, t]);
    lineStart = lineEnd + 1;
  }
  return out;
}

function scan(line: string, from: number, patterns: readonly ScanPattern[]): LineMatch[][] {
  return patterns.map((p) => {
    const found: LineMatch[] = [];
    const re = p instanceof RegExp ? p : p.re;
    if (!(p instanceof RegExp) && !p.guard.test(line)) return found;
    re.lastIndex = from;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      found.push([m.index, m[0]]);
    }
    return found;
  });
}
