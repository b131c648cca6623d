// Very large input for the CLI (issue 5): a 50 MB file is refused before it is read, with a "too large"
// message naming the limit; a raised maxFileSize is honoured, and linting 12 MB stays bounded; a single
// 1 MB line lints with sane positions. Wall-clock time is recorded, not asserted (CI machines differ):
// the figures go to the test output and to test-artifacts/hardening/figures.json.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOOD, REPO, assertCleanFailure, assertNoStack, assertUnchanged, cleanup, jsonReport, measuredCli, project, snapshot, type Measured } from './helpers.js';

const MB = 1024 * 1024;
/** The file linted above the default limit; HARDENING_BIG_MB=11 (or more) to change it. It costs about a minute. */
const BIG_MB = Math.max(11, Number(process.env.HARDENING_BIG_MB ?? 12));

/** A realistic policy of `bytes` bytes: the example policy over and over, one title and many sections. */
function bigPolicy(bytes: number): string {
  const example = readFileSync(`${REPO}examples/privacy-policy.md`, 'utf8');
  const body = example.replace(/^# .*\n/, '');
  const parts = [example];
  let n = example.length;
  for (let i = 1; n < bytes; i++) {
    const part = `\n## Part ${i}\n${body.replace(/^## /gm, '### ')}`;
    parts.push(part);
    n += part.length;
  }
  return parts.join('').slice(0, bytes);
}

function record(name: string, m: Measured, extra: Record<string, unknown> = {}): void {
  const figures = { seconds: +(m.ms / 1000).toFixed(2), cpuSeconds: +(m.cpuMs / 1000).toFixed(2), peakRssMb: Math.round(m.rssMb), exit: m.code, ...extra };
  console.log(`      ${name}: ${JSON.stringify(figures)}`);
  const dir = `${REPO}test-artifacts/hardening`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/figures.json`;
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first figure
  }
  all[name] = { ...figures, node: process.version, at: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

describe('hardening: very large input to the CLI', function () {
  this.timeout(600_000);
  after(cleanup);

  it('a 50 MB file is refused before it is read: "too large", the limit named, exit 2', () => {
    const d = project({ 'huge.md': Buffer.alloc(50 * MB, '# Privacy Policy\n\nWe collect your email address.\n') });
    const before = snapshot(d);
    for (const extra of [[], ['--fix']]) {
      const r = measuredCli([...extra, 'huge.md'], d);
      assertCleanFailure(r, /^privacy-lint: huge\.md: file is 50\.0 MB, above the 10\.0 MB limit \(raise "maxFileSize" in the config\)\n$/);
      // Reading it would take 50 MB for the bytes and as much again for the text: the process stays far below.
      assert.ok(r.rssMb < 100, `${extra.join(' ')}: peak RSS ${r.rssMb.toFixed(0)} MB: the file was not read`);
      if (!extra.length) record('refuse 50 MB (default limit)', r, { fileMb: 50 });
    }
    assertUnchanged(before, d, 'huge.md');
  });

  it(`maxFileSize is honoured both ways: ${BIG_MB} MB refused by default and linted when raised; a 1 KB policy refused at 500 bytes`, () => {
    const text = bigPolicy(BIG_MB * MB);
    const d = project({ 'big.md': text, 'small.md': GOOD });
    const refused = measuredCli(['--format', 'json', 'big.md'], d);
    assertCleanFailure(refused, new RegExp(`big\\.md: file is ${BIG_MB}\\.0 MB, above the 10\\.0 MB limit`));
    writeFileSync(join(d, 'tiny.json'), JSON.stringify({ maxFileSize: 500 }));
    assertCleanFailure(measuredCli(['--config', 'tiny.json', 'small.md'], d), /^privacy-lint: small\.md: file is 981 bytes, above the 500 bytes limit \(raise "maxFileSize" in the config\)\n$/);

    writeFileSync(join(d, '.privacylintrc.json'), JSON.stringify({ maxFileSize: (BIG_MB + 1) * MB }));
    const r = measuredCli(['--format', 'json', 'big.md'], d, { timeoutMs: 590_000 });
    assertNoStack(r);
    assert.equal(r.code, 1, r.stderr);
    const report = jsonReport(r);
    assert.equal(report.length, 1);
    const lines = text.split('\n').length;
    for (const m of report[0]!.messages) assert.ok(m.line >= 1 && m.endLine <= lines, `${m.ruleId} at line ${m.line}`);
    // Bounded: a linear amount of memory for a 12 MB text (the bytes, the text, its plain twin, line index, parse).
    assert.ok(r.rssMb < 2048, `peak RSS ${r.rssMb.toFixed(0)} MB`);
    record(`lint ${BIG_MB} MB (maxFileSize raised to ${BIG_MB + 1} MB)`, r, { fileMb: BIG_MB, findings: report[0]!.messages.length });
  });

  it('a single 1 MB line: linted, every position on that line', () => {
    const line = 'We collect your email address and your name when you sign up, and we share it with nobody. '.repeat(11_000).slice(0, MB);
    const text = `# Privacy Policy\n\n${line}\n`;
    const d = project({ 'line.md': text, 'line.txt': `PRIVACY POLICY\n\n${line}\n` });
    const r = measuredCli(['--format', 'json', 'line.md', 'line.txt'], d, { timeoutMs: 300_000 });
    assertNoStack(r);
    assert.equal(r.stderr, '');
    for (const file of jsonReport(r)) {
      for (const m of file.messages) {
        assert.ok(m.line >= 1 && m.line <= 3 && m.endLine <= 3, `${m.ruleId}: line ${m.line}`);
        if (m.line === 3) assert.ok(m.column <= line.length + 1 && m.endColumn <= line.length + 1, `${m.ruleId}: column ${m.column}`);
      }
    }
    record('lint a 1 MB line (.md and .txt)', r, { fileMb: 1 });
    const fixed = measuredCli(['--fix', '--jurisdiction', 'coppa', 'line.md'], d, { timeoutMs: 300_000 });
    assertNoStack(fixed);
    const after = readFileSync(join(d, 'line.md'), 'utf8');
    assert.ok(after.startsWith(text.trimEnd()), '--fix appends after the long line and keeps it whole');
    record('fix a 1 MB line', fixed, { fileMb: 1 });
  });
});
