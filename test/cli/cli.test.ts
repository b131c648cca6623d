// The real `privacy-lint` binary on real files in temporary folders: exit codes, output formats,
// config discovery, --fix writing, and bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOPICS } from '../../server/src/engine/index.js';
import { GOOD } from '../helpers/policies.js';

const BIN = fileURLToPath(new URL('../../../bin/privacy-lint.js', import.meta.url));


const MISSING_CHILDREN = GOOD.replace(/## Children\n\n[^\n]*\n\n/, '');

function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [BIN, '--today', '2026-11-23', ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-lint-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('privacy-lint CLI', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  const make = (files: Record<string, string | Uint8Array>) => {
    const d = tempDir(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  describe('exit codes', () => {
    it('0 when there are no errors', () => {
      const d = make({ 'policy.md': GOOD });
      const r = run(['--jurisdiction', 'coppa', 'policy.md'], d);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });
    it('1 on lint errors, with a stylish report naming rule and citation', () => {
      const d = make({ 'policy.md': MISSING_CHILDREN });
      const r = run(['--jurisdiction', 'coppa', 'policy.md'], d);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^policy\.md$/m);
      assert.match(r.stdout, /1:1\s+error\s+No statement about children.*\(COPPA 16 CFR §312\.4\(d\); GDPR Art\. 8\(1\)\)\s+children-age/);
      assert.match(r.stdout, /fix: Insert a "Children's Privacy" section/);
      assert.match(r.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 info\)/);
    });
    it('1 when warnings exceed --max-warnings, 0 within it; --quiet hides warnings', () => {
      const text = GOOD.replace(' within 72 hours', '');
      const d = make({ 'policy.md': text });
      assert.equal(run(['--jurisdiction', 'coppa', 'policy.md'], d).code, 0);
      const over = run(['--jurisdiction', 'coppa', '--max-warnings', '0', 'policy.md'], d);
      assert.equal(over.code, 1);
      assert.match(over.stderr, /warnings exceed --max-warnings 0/);
      const quiet = run(['--jurisdiction', 'coppa', '--quiet', 'policy.md'], d);
      assert.equal(quiet.stdout, '');
    });
    it('2 with one line on stderr for a missing file, an empty directory, a binary file, a bad flag', () => {
      const d = make({ 'empty/readme.pdf': 'x', 'scan.md': new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2]), 'ok.md': GOOD });
      const cases: Array<[string[], RegExp]> = [
        [['nope.md'], /^privacy-lint: "nope\.md": no such file or directory\n$/],
        [['empty'], /^privacy-lint: "empty": no policy files \(\.md, \.markdown, \.txt\) found in this directory\n$/],
        [['scan.md'], /^privacy-lint: scan\.md: file looks binary/],
        [['--format', 'xml', 'ok.md'], /^privacy-lint: unknown format "xml"; use one of: stylish, json, sarif, github, html\n$/],
        [['--jurisdiction', 'mars', 'ok.md'], /unknown jurisdiction "mars"/],
        [[], /no files given/],
      ];
      for (const [args, re] of cases) {
        const r = run(args, d);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, re);
        assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
      }
    });
    it('2 for invalid UTF-8, still linting the other files', () => {
      const d = make({ 'a.md': MISSING_CHILDREN, 'b.txt': new Uint8Array([0x68, 0xc3, 0x28]) });
      const r = run(['--jurisdiction', 'coppa', '--format', 'json', '.'], d);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /b\.txt: file is not valid UTF-8/);
      assert.equal(JSON.parse(r.stdout).length, 1);
    });
  });

  describe('formats', () => {
    it('json has exactly the ESLint shape plus all nineteen disclosures', () => {
      const d = make({ 'policy.md': MISSING_CHILDREN });
      const r = run(['--jurisdiction', 'coppa', '--format', 'json', 'policy.md'], d);
      const out = JSON.parse(r.stdout);
      assert.equal(out.length, 1);
      const file = out[0];
      assert.deepEqual(Object.keys(file), ['filePath', 'messages', 'errorCount', 'warningCount', 'disclosures']);
      assert.equal(file.filePath, join(d, 'policy.md'));
      assert.deepEqual(Object.keys(file.disclosures).sort(), [...TOPICS].sort());
      for (const t of TOPICS) assert.deepEqual(Object.keys(file.disclosures[t]).filter((k) => k !== 'details'), ['present', 'line']);
      assert.deepEqual(file.disclosures.children, { present: false, line: null, details: { age: null } });
      assert.equal(file.disclosures.contact.present, true);
      assert.deepEqual(file.disclosures.contact.details, { email: true, postal: false, phone: false, form: false });
      assert.deepEqual(Object.keys(file.disclosures['legal-bases'].details), ['named']);
      assert.deepEqual(Object.keys(file.disclosures.ccpa.details), ['rights']);
      assert.deepEqual(Object.keys(file.disclosures.breach.details), ['timeframe']);
      const m = file.messages.find((x: { ruleId: string }) => x.ruleId === 'children-age');
      assert.deepEqual(Object.keys(m), ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fix']);
      assert.equal(m.severity, 2);
      assert.deepEqual([m.line, m.column, m.endLine, m.endColumn], [1, 1, 1, 22]);
      assert.deepEqual(Object.keys(m.fix), ['range', 'text']);
      assert.equal(file.errorCount, file.messages.filter((x: { severity: number }) => x.severity === 2).length);
    });

    it('sarif 2.1.0 carries what GitHub code scanning requires', () => {
      const d = make({ 'docs/policy.md': MISSING_CHILDREN });
      const r = run(['--jurisdiction', 'coppa', '--format', 'sarif', 'docs'], d);
      const log = JSON.parse(r.stdout);
      assert.equal(log.version, '2.1.0');
      assert.ok(log.$schema);
      const run0 = log.runs[0];
      assert.equal(run0.tool.driver.name, 'privacy-lint');
      for (const rule of run0.tool.driver.rules) {
        assert.ok(rule.id && rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
        assert.ok(rule.properties.citations.length > 0, `${rule.id} cites the law`);
      }
      assert.ok(run0.results.length > 0);
      for (const res of run0.results) {
        assert.ok(res.message.text && res.ruleId && res.level);
        const loc = res.locations[0].physicalLocation;
        assert.equal(loc.artifactLocation.uri, 'docs/policy.md');
        assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
        assert.match(res.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}$/);
        assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      }
      assert.ok(!r.stdout.includes(d), 'no absolute path of this machine in the SARIF');
    });

    it('github prints workflow annotations and a summary', () => {
      const d = make({ 'policy.md': MISSING_CHILDREN });
      const r = run(['--jurisdiction', 'coppa', '--format', 'github', 'policy.md'], d);
      assert.match(r.stdout, /^::error file=policy\.md,line=1,col=1,endLine=1,endColumn=22,title=privacy-lint children-age::No statement about children/m);
      assert.match(r.stdout, /privacy-lint: 1 error\(s\)/);
    });
  });

  describe('configuration', () => {
    it('finds the nearest .privacylintrc upward from each file', () => {
      const d = make({
        '.privacylintrc.json': JSON.stringify({ jurisdictions: ['coppa'] }),
        'a/policy.md': MISSING_CHILDREN,
        'b/.privacylintrc.yaml': 'jurisdictions: [coppa]\nrules:\n  children-age: off\n',
        'b/policy.md': MISSING_CHILDREN,
      });
      const r = run(['--format', 'json', '.'], d);
      const out = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
      const a = out.find((f) => f.filePath.endsWith(join('a', 'policy.md')))!;
      const b = out.find((f) => f.filePath.endsWith(join('b', 'policy.md')))!;
      assert.ok(a.messages.some((m) => m.ruleId === 'children-age'));
      assert.ok(!b.messages.some((m) => m.ruleId === 'children-age'));
      const printed = JSON.parse(run(['--print-config', 'b/policy.md'], d).stdout);
      assert.equal(printed.configFile, 'b/.privacylintrc.yaml');
      assert.equal(printed.rules['children-age'], 'off');
    });
    it('exits 2 naming the file and key of an invalid config', () => {
      const d = make({ '.privacylintrc.json': '{"rules":{"childrens-age":"off"}}', 'policy.md': GOOD });
      const r = run(['policy.md'], d);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^privacy-lint: invalid config: .*\.privacylintrc\.json: "rules\.childrens-age": unknown rule \(did you mean "children-age"\?\)\n$/);
      const bad = make({ '.privacylintrc.yaml': 'rules: [', 'policy.md': GOOD });
      const r2 = run(['policy.md'], bad);
      assert.equal(r2.code, 2);
      assert.match(r2.stderr, /\.privacylintrc\.yaml: is not valid YAML/);
    });
    it('--config names one config for every file; ignores skip files', () => {
      const d = make({ 'conf/strict.json': JSON.stringify({ jurisdictions: ['coppa'], ignores: ['drafts/**'] }), 'policy.md': MISSING_CHILDREN, 'drafts/x.md': '# x' });
      const r = run(['--config', 'conf/strict.json', '--format', 'json', '.'], d);
      const out = JSON.parse(r.stdout) as Array<{ filePath: string }>;
      assert.deepEqual(out.map((f) => f.filePath.slice(d.length + 1)), ['policy.md']);
    });
  });

  describe('--fix', () => {
    it('writes atomically, keeps the mode, the BOM and CRLF, and never deletes text', () => {
      const text = '\uFEFF' + MISSING_CHILDREN.replace(/\n/g, '\r\n');
      const d = make({ 'policy.md': text });
      chmodSync(join(d, 'policy.md'), 0o640);
      const r = run(['--jurisdiction', 'coppa', '--fix', 'policy.md'], d);
      const after = readFileSync(join(d, 'policy.md'), 'utf8');
      assert.ok(after.startsWith('\uFEFF'), 'BOM kept');
      assert.ok(!/[^\r]\n/.test(after), 'CRLF kept');
      assert.match(after, /## Children's Privacy\r\n/);
      let i = 0;
      for (const ch of after) if (ch === text[i]) i++;
      assert.equal(i, text.length, 'original text survives as a subsequence');
      assert.equal(statSync(join(d, 'policy.md')).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(d), ['policy.md'], 'no temp file left behind');
      // The clause leaves [PRIVACY EMAIL]: the run still fails until someone fills it.
      assert.equal(r.code, 1);
      assert.match(r.stdout, /Unfilled placeholder "\[PRIVACY EMAIL\]"/);
      const again = run(['--jurisdiction', 'coppa', '--fix', 'policy.md'], d);
      assert.equal(readFileSync(join(d, 'policy.md'), 'utf8'), after, 'fixing twice changes nothing');
      assert.equal(again.code, 1);
    });
    it('--fix-dry-run prints a diff and writes nothing', () => {
      const d = make({ 'policy.md': MISSING_CHILDREN });
      const r = run(['--jurisdiction', 'coppa', '--fix-dry-run', 'policy.md'], d);
      assert.match(r.stdout, /^--- a\/policy\.md\n\+\+\+ b\/policy\.md\n@@ /m);
      assert.match(r.stdout, /^\+## Children's Privacy$/m);
      assert.equal(readFileSync(join(d, 'policy.md'), 'utf8'), MISSING_CHILDREN);
    });
    it('refuses to write through a symlink that leaves the project', () => {
      const outside = make({ 'policy.md': MISSING_CHILDREN });
      const d = make({});
      symlinkSync(join(outside, 'policy.md'), join(d, 'linked.md'));
      const r = run(['--jurisdiction', 'coppa', '--fix', 'linked.md'], d);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /linked\.md: refusing to write .*linked\.md: it resolves to .* outside the project/);
      assert.equal(readFileSync(join(outside, 'policy.md'), 'utf8'), MISSING_CHILDREN);
    });
  });

  it('walks directories without hanging on a symlink loop', () => {
    const d = make({ 'p/policy.md': GOOD });
    symlinkSync(join(d, 'p'), join(d, 'p', 'loop'));
    const r = run(['--jurisdiction', 'coppa', '--format', 'json', '.'], d);
    assert.equal(JSON.parse(r.stdout).length, 1);
  });

  it('gives the same report with worker threads as on one thread', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`p${String(i).padStart(2, '0')}.md`] = i % 3 ? GOOD : MISSING_CHILDREN;
    const d = make(files);
    const one = run(['--jurisdiction', 'coppa', '--format', 'json', '--threads', '1', '.'], d);
    const two = run(['--jurisdiction', 'coppa', '--format', 'json', '--threads', '2', '.'], d);
    assert.equal(two.code, 1);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, '');
  });

  it('lints standard input', () => {
    const r = run(['--jurisdiction', 'coppa', '--stdin', '--stdin-filename', 'policy.md', '--format', 'json'], tmpdir(), MISSING_CHILDREN);
    assert.equal(r.code, 1);
    assert.ok(JSON.parse(r.stdout)[0].messages.some((m: { ruleId: string }) => m.ruleId === 'children-age'));
  });
});
