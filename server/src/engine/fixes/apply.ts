// Applies text edits to a text: the one implementation behind `--fix`, `--fix-dry-run` and the
// editor's fix-all. Edits are applied back to front; an edit that overlaps an earlier one is left for
// the next pass (the caller re-lints and tries again), as ESLint does. Insertions at the same offset
// are kept in rule order, since two clauses may belong before the same contact section.

import type { TextEdit } from '../types.js';

export interface ApplyResult {
  text: string;
  applied: TextEdit[];
  skipped: TextEdit[];
}

export function applyEdits(text: string, edits: readonly TextEdit[]): ApplyResult {
  const ordered = edits
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.range[0] >= 0 && e.range[1] >= e.range[0] && e.range[1] <= text.length)
    .sort((a, b) => a.e.range[0] - b.e.range[0] || a.e.range[1] - b.e.range[1] || a.i - b.i);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = edits.filter((e) => !(e.range[0] >= 0 && e.range[1] >= e.range[0] && e.range[1] <= text.length));
  let lastEnd = -1;
  for (const { e } of ordered) {
    if (e.range[0] < lastEnd) {
      skipped.push(e);
      continue;
    }
    applied.push(e);
    lastEnd = e.range[1];
  }
  let out = text;
  // Back to front so earlier offsets stay valid; same-point inserts must keep their order.
  for (let k = applied.length - 1; k >= 0; k--) {
    const e = applied[k]!;
    out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
  }
  return { text: out, applied, skipped };
}
