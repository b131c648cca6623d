// test/corpus/label-omissions.json explains ablation misses with corpus lines the labels leave out. The
// explanation is only as good as those lines: each must exist, must not be labelled already (else it
// explains nothing), must belong to a topic the document's label says is present, and detection must
// read that topic on it (a line detection cannot see cannot be why a rule stayed silent).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOPICS, analyseForEval } from '../../server/src/engine/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SHARED = [join(ROOT, '../shared/corpus/seeds'), join(ROOT, '../shared/corpus/public')];

interface Omission {
  lines: number[];
  why: string;
}

describe('label omissions used by the ablation report', function () {
  this.timeout(60000);
  const file = JSON.parse(readFileSync(join(ROOT, 'test/corpus/label-omissions.json'), 'utf8')) as {
    documents: Record<string, Record<string, Omission>>;
  };

  it('names known topics, with a reason for each entry', () => {
    for (const [doc, topics] of Object.entries(file.documents))
      for (const [topic, o] of Object.entries(topics)) {
        assert.ok((TOPICS as readonly string[]).includes(topic), `${doc}: unknown topic ${topic}`);
        assert.ok(o.lines.length > 0 && o.why.trim().length > 10, `${doc} ${topic}: lines and a reason`);
      }
  });

  it('lists only unlabelled lines on which detection reads the topic, in documents labelled with it', function () {
    if (!SHARED.every((d) => existsSync(join(d, 'labels.json')))) this.skip();
    const problems: string[] = [];
    for (const dir of SHARED) {
      const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<string, Record<string, { present: boolean; lines?: number[] }>>;
      for (const [name, topics] of Object.entries(file.documents)) {
        if (!labels[name]) continue;
        const { analysis } = analyseForEval(name, readFileSync(join(dir, name), 'utf8'));
        const lines = analysis.doc.lines;
        for (const [topic, o] of Object.entries(topics)) {
          const label = labels[name]![topic];
          if (!label?.present) problems.push(`${name} ${topic}: the label says the topic is absent`);
          const evidenceLines = new Set(
            analysis.topics[topic as (typeof TOPICS)[number]].evidence.flatMap((e) => {
              const first = lines.lineAt(e.span.start);
              const last = lines.lineAt(Math.max(e.span.start, e.span.end - 1));
              return Array.from({ length: last - first + 1 }, (_, i) => first + i + 1);
            }),
          );
          for (const l of o.lines) {
            if (l < 1 || l > lines.lineCount) problems.push(`${name} ${topic}: no line ${l}`);
            else if (label?.lines?.includes(l)) problems.push(`${name} ${topic}: line ${l} is labelled already`);
            else if (!evidenceLines.has(l)) problems.push(`${name} ${topic}: detection does not read the topic on line ${l}`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
