// Two all-pairs loops were rewritten as sweeps because a 12 MB policy (thousands of sections, a thousand
// copies of one retention statement) linted 2.5x slower than linear: which sections enclose which, and
// which retention statements contradict. These properties hold the sweeps to the pairwise definitions.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { DocumentBuilder } from '../../server/src/engine/index.js';
import { outermost } from '../../server/src/engine/rules/context.js';
import { firstConflicts, type Statement } from '../../server/src/engine/rules/kinds/consistency-retention.js';
import type { Section } from '../../server/src/engine/document/model.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function outermostPairwise(sections: Section[]): Section[] {
  return sections.filter((s) => !sections.some((o) => o !== s && o.span.start <= s.span.start && o.span.end >= s.span.end && o.level < s.level));
}

/** The loop retentionConflicts ran before: every pair, the first disagreeing pair per kind and event. */
function conflictsPairwise(statements: Statement[], disagree: (x: Statement, y: Statement) => boolean): Array<[number, number]> {
  const reported = new Set<string>();
  const out: Array<[number, number]> = [];
  for (let i = 0; i < statements.length; i++)
    for (let j = i + 1; j < statements.length; j++) {
      const x = statements[i]!;
      const y = statements[j]!;
      const key = `${x.category}|${x.trigger}`;
      if (reported.has(key) || x.category !== y.category || x.trigger !== y.trigger || !disagree(x, y)) continue;
      reported.add(key);
      out.push([i, j]);
    }
  return out;
}

describe('sweeps that replaced all-pairs loops', () => {
  it('outermost: the same sections as the pairwise definition, in the same order', () => {
    const text = readFileSync(`${ROOT}examples/privacy-policy.md`, 'utf8');
    const nested = `${text}\n## Extra\n\n### Deeper\n\n#### Deepest\n\nText.\n\n### Second\n\nMore.\n`;
    const doc = new DocumentBuilder().build('p.md', nested, 'markdown');
    const sections = doc.sections;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: sections.length - 1 }), { maxLength: 40 }), (picks) => {
        const chosen = [...new Set(picks)].map((i) => sections[i]!);
        assert.deepEqual(outermost(chosen).map((s) => s.index), outermostPairwise(chosen).map((s) => s.index));
      }),
      { numRuns: 500, seed: 20261205 },
    );
  });

  it('firstConflicts: the same pairs as comparing every statement with every later one', () => {
    // The pairwise loop needs the real `disagree`; it is reached through firstConflicts on two statements.
    const disagree = (x: Statement, y: Statement) => firstConflicts([x, { ...y, category: x.category, trigger: x.trigger }]).length > 0;
    const statement = fc.record({
      category: fc.constantFrom('account data', 'logs', 'backups'),
      trigger: fc.constantFrom('collection', 'account closure'),
      days: fc.constantFrom(30, 31, 90, 365.25, 730.5, Infinity),
      bound: fc.constantFrom('exact' as const, 'upper' as const, 'lower' as const),
    });
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 30 }), (raw) => {
        const statements: Statement[] = raw.map((r, i) => ({ ...r, span: { start: i * 10, end: i * 10 + 5 }, phrase: `${r.days} days` }));
        assert.deepEqual(firstConflicts(statements), conflictsPairwise(statements, disagree));
      }),
      { numRuns: 1000, seed: 20261205 },
    );
  });
});
