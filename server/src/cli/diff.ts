// A unified diff for --fix-dry-run. Fixes only insert text, so the diff is computed from the line
// ranges of the two texts with a plain LCS over lines near the changes (no dependency needed).

export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  // Trim the common prefix and suffix, then diff the middle with an LCS table (small: only the changed region).
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const ops = lcsOps(am, bm);
  type Line = { op: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const lines: Line[] = [];
  for (let i = 0; i < pre; i++) lines.push({ op: ' ', text: a[i]!, ai: i, bi: i });
  let ai = pre;
  let bi = pre;
  for (const op of ops) {
    if (op === ' ') lines.push({ op, text: a[ai]!, ai: ai++, bi: bi++ });
    else if (op === '-') lines.push({ op, text: a[ai]!, ai: ai++, bi });
    else lines.push({ op, text: b[bi]!, ai, bi: bi++ });
  }
  for (let i = 0; i < suf; i++) lines.push({ op: ' ', text: a[ai + i]!, ai: ai + i, bi: bi + i });
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.op === ' ') {
      i++;
      continue;
    }
    let start = Math.max(0, i - context);
    let end = i;
    while (end < lines.length) {
      if (lines[end]!.op !== ' ') {
        end++;
        continue;
      }
      let run = 0;
      while (end + run < lines.length && lines[end + run]!.op === ' ') run++;
      if (end + run >= lines.length || run > 2 * context) {
        end = Math.min(lines.length, end + context);
        break;
      }
      end += run;
    }
    const hunk = lines.slice(start, end);
    const aCount = hunk.filter((l) => l.op !== '+').length;
    const bCount = hunk.filter((l) => l.op !== '-').length;
    out.push(`@@ -${hunk[0]!.ai + (aCount ? 1 : 0)},${aCount} +${hunk[0]!.bi + (bCount ? 1 : 0)},${bCount} @@`);
    for (const l of hunk) out.push(`${l.op}${l.text}`);
    i = end;
    start = end;
  }
  return out.join('\n') + '\n';
}

function splitLines(s: string): string[] {
  const lines = s.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function lcsOps(a: string[], b: string[]): Array<' ' | '-' | '+'> {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return [...a.map(() => '-' as const), ...b.map(() => '+' as const)];
  const t: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  const ops: Array<' ' | '-' | '+'> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push(' ');
      i++;
      j++;
    } else if (t[i + 1]![j]! >= t[i]![j + 1]!) {
      ops.push('-');
      i++;
    } else {
      ops.push('+');
      j++;
    }
  }
  while (i++ < n) ops.push('-');
  while (j++ < m) ops.push('+');
  return ops;
}
