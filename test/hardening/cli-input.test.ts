// Bad input for the CLI (issue 5): every case ends in a clear one-line message and exit 2 (or a normal
// lint where the input is fine after all), never a stack trace, and no file changes unless --fix
// legitimately inserted text. Encodings, line endings and the BOM are checked byte by byte after --fix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, builtinCatalogue, parseConfigText } from '../../server/src/engine/index.js';
import { GOOD, MISSING_CHILDREN, assertCleanFailure, assertNoStack, assertUnchanged, cleanup, cli, isRoot, jsonReport, project, snapshot } from './helpers.js';

const COPPA = ['--jurisdiction', 'coppa'];
const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};
/** Where the fixed LF text is known, the file's own encoding of it. */
const fixedLf = (() => {
  let memo: string | null = null;
  return () => {
    if (memo === null) {
      const d = project({ 'policy.md': MISSING_CHILDREN });
      cli([...COPPA, '--fix', 'policy.md'], d);
      memo = readFileSync(join(d, 'policy.md'), 'utf8');
      assert.notEqual(memo, MISSING_CHILDREN, 'the reference fix inserted a clause');
    }
    return memo;
  };
})();

describe('hardening: bad input to the CLI', function () {
  this.timeout(120_000);
  after(cleanup);

  /** Lint and --fix both refuse each file with its message (one line each), and no byte of the project changes. */
  function refused(files: Record<string, string | Uint8Array>, messages: Record<string, RegExp>) {
    const d = project(files);
    const before = snapshot(d);
    const names = Object.keys(messages);
    for (const extra of [['--format', 'json'], ['--fix']]) {
      const r = cli([...COPPA, ...extra, ...names], d);
      assertCleanFailure(r, /^privacy-lint: /, extra.join(' '));
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, names.length, `one line per file: ${r.stderr}`);
      for (const name of names) assert.ok(lines.some((l) => messages[name]!.test(l)), `${name}: ${messages[name]} in ${r.stderr}`);
    }
    assertUnchanged(before, d, names.join(', '));
  }

  it('an empty or whitespace-only file: "file is empty", exit 2', () => {
    refused(
      { 'empty.md': '', 'blank.txt': ' \n\r\n\t\n', 'bom-only.md': new Uint8Array([0xef, 0xbb, 0xbf]) },
      { 'empty.md': /^privacy-lint: empty\.md: file is empty \(no policy text to lint\)$/, 'blank.txt': /blank\.txt: file is empty/, 'bom-only.md': /bom-only\.md: file is empty/ },
    );
  });

  it('a binary file (NUL bytes): "looks binary", exit 2', () => {
    refused(
      {
        'scan.md': Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 0xff, 0])]),
        'policy.md': Buffer.from(`${GOOD}\u0000trailing`),
        'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      },
      { 'scan.md': /scan\.md: file looks binary \(it contains NUL bytes\)/, 'policy.md': /policy\.md: file looks binary/, 'logo.png': /logo\.png: file looks binary/ },
    );
  });

  it('invalid UTF-8 (stray continuation, overlong, encoded surrogate, cut-off sequence, Latin-1): exit 2', () => {
    const bad: Record<string, number[]> = {
      'stray.md': [0x68, 0x80, 0x69],
      'overlong.md': [0x41, 0xc0, 0xaf],
      'surrogate.md': [0x41, 0xed, 0xa0, 0x80],
      'cut.md': [0x41, 0x42, 0xe2, 0x82],
      'latin1.md': [...Buffer.from('Caf'), 0xe9, ...Buffer.from(' privacy policy')],
    };
    refused(
      Object.fromEntries(Object.entries(bad).map(([n, b]) => [n, Buffer.concat([Buffer.from(MISSING_CHILDREN), Buffer.from(b)])])),
      Object.fromEntries(Object.keys(bad).map((n) => [n, new RegExp(`${n.replace('.', '\\.')}: file is not valid UTF-8; save it as UTF-8`)])),
    );
  });

  it('UTF-16 without a BOM: named as such, exit 2', () => {
    refused({ 'u16.md': Buffer.from(MISSING_CHILDREN, 'utf16le') }, { 'u16.md': /u16\.md: file looks like UTF-16 without a byte order mark/ });
  });

  it('standard input gets the same checks: binary, invalid UTF-8, too large, empty; UTF-16 and BOM decoded', () => {
    const d = project({ 'small.json': JSON.stringify({ maxFileSize: 100 }) });
    const stdin = (input: string | Uint8Array, extra: string[] = []) => cli([...COPPA, ...extra, '--stdin', '--stdin-filename', 'p.md', '--format', 'json'], d, { input });
    assertCleanFailure(stdin(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1])), /^privacy-lint: p\.md: file looks binary/);
    assertCleanFailure(stdin(Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9])])), /^privacy-lint: p\.md: file is not valid UTF-8/);
    assertCleanFailure(stdin(' \n'), /^privacy-lint: p\.md: standard input is empty/);
    assertCleanFailure(stdin(GOOD, ['--config', 'small.json']), /^privacy-lint: p\.md: standard input is above the maxFileSize limit \(100 bytes\)\n$/);
    const utf8 = jsonReport(stdin(MISSING_CHILDREN))[0]!.messages;
    assert.ok(utf8.some((m) => m.ruleId === 'children-age'));
    assert.deepEqual(jsonReport(stdin(utf16le(MISSING_CHILDREN)))[0]!.messages, utf8, 'UTF-16 with a BOM on stdin');
    assert.deepEqual(jsonReport(stdin(`\uFEFF${MISSING_CHILDREN}`))[0]!.messages, utf8, 'UTF-8 BOM on stdin');
  });

  it('UTF-16 LE and BE with a BOM: linted like UTF-8, and --fix writes the same encoding and BOM back', () => {
    const utf8 = jsonReport(cli([...COPPA, '--format', 'json', 'p.md'], project({ 'p.md': MISSING_CHILDREN })))[0]!.messages;
    assert.ok(utf8.some((m) => m.ruleId === 'children-age'));
    for (const [name, encode, decode] of [
      ['le.md', utf16le, (b: Buffer) => b.subarray(2).toString('utf16le')],
      ['be.md', utf16be, (b: Buffer) => Buffer.from(b.subarray(2)).swap16().toString('utf16le')],
    ] as const) {
      const d = project({ [name]: encode(MISSING_CHILDREN) });
      const r = cli([...COPPA, '--format', 'json', name], d);
      assertNoStack(r, name);
      assert.deepEqual(jsonReport(r)[0]!.messages, utf8, `${name}: same findings at the same lines and columns as UTF-8`);
      const fixed = cli([...COPPA, '--fix', name], d);
      assertNoStack(fixed, name);
      const bytes = readFileSync(join(d, name));
      assert.deepEqual([...bytes.subarray(0, 2)], [...encode('').subarray(0, 2)], `${name}: BOM kept`);
      assert.equal(bytes.length % 2, 0);
      assert.equal(decode(bytes), fixedLf(), `${name}: the same fix as the UTF-8 file, in UTF-16`);
    }
  });

  it('a UTF-8 BOM: same positions as without it, and --fix keeps it', () => {
    const plain = jsonReport(cli([...COPPA, '--format', 'json', 'p.md'], project({ 'p.md': MISSING_CHILDREN })))[0]!.messages;
    const d = project({ 'p.md': `\uFEFF${MISSING_CHILDREN}` });
    assert.deepEqual(jsonReport(cli([...COPPA, '--format', 'json', 'p.md'], d))[0]!.messages, plain);
    cli([...COPPA, '--fix', 'p.md'], d);
    const bytes = readFileSync(join(d, 'p.md'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), fixedLf());
  });

  it('CRLF and lone CR: the positions of LF, and --fix writes the LF fix in the file\'s own line endings', () => {
    // A malformed address on line 8 gives a finding with a precise span, children-age one at the title.
    const text = MISSING_CHILDREN.replace('We collect your name', 'Write to bad@@acme.test.\n\nWe collect your name');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('bad@@'));
    // Fix texts and offsets differ with the line endings; lines, columns and messages must not.
    const report = (t: string) =>
      jsonReport(cli([...COPPA, '--format', 'json', 'p.md'], project({ 'p.md': t })))[0]!.messages.map(({ ruleId, line, column, endLine, endColumn, message }) => ({ ruleId, line, column, endLine, endColumn, message }));
    const lf = report(text);
    const bad = lf.find((m) => m.message.includes('bad@@'));
    assert.ok(bad, 'the malformed address is reported');
    assert.deepEqual([bad.line, bad.column, bad.endLine, bad.endColumn], [at + 1, lines[at]!.indexOf('bad@@') + 1, at + 1, lines[at]!.indexOf('bad@@') + 'bad@@acme.test'.length + 1]);
    for (const eol of ['\r\n', '\r']) {
      assert.deepEqual(report(text.replace(/\n/g, eol)), lf, `${JSON.stringify(eol)}: same lines and columns as LF`);
      const d = project({ 'p.md': MISSING_CHILDREN.replace(/\n/g, eol) });
      cli([...COPPA, '--fix', 'p.md'], d);
      assert.equal(readFileSync(join(d, 'p.md'), 'utf8'), fixedLf().replace(/\n/g, eol), `${JSON.stringify(eol)}: byte for byte the LF fix with the file's endings`);
    }
    // Mixed endings: nothing of the original is lost and the dominant ending is used for the clause.
    const mixed = MISSING_CHILDREN.replace(/\n/g, (_, i: number) => (i % 3 ? '\r\n' : '\n'));
    const d = project({ 'p.md': mixed });
    cli([...COPPA, '--fix', 'p.md'], d);
    const out = readFileSync(join(d, 'p.md'), 'utf8');
    let i = 0;
    for (const ch of out) if (ch === mixed[i]) i++;
    assert.equal(i, mixed.length, 'the original survives as a subsequence');
    assert.match(out, /## Children's Privacy\r\n/);
  });

  it('10 000-deep nested lists and block quotes: linted in bounded time, nothing changed', () => {
    const quotes = `# Privacy Policy\n\n${'>'.repeat(10_000)} We collect your email address.\n`;
    // A list item whose text starts with another marker is a nested list: 10 000 levels on one line.
    const bullets = `# Privacy Policy\n\n${'- '.repeat(10_000)}We collect your email address.\n`;
    const ordered = `# Privacy Policy\n\n${'1. '.repeat(10_000)}We collect your email address.\n`;
    const both = `# Privacy Policy\n\n${'> - '.repeat(10_000)}We collect your email address.\n`;
    // Nesting by indentation costs 2 spaces a level, so 1 000 levels (1 MB) and 10 000 lines of 50 levels.
    const stairs = `# Privacy Policy\n\n${Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`;
    const many = `# Privacy Policy\n\n${Array.from({ length: 10_000 }, (_, i) => `${'> - '.repeat(1 + (i % 50))}We collect data ${i}`).join('\n')}\n`;
    // The same stairs with lone-CR line endings (classic Mac files): the nesting guard once saw one line.
    const stairsCr = stairs.replace(/\n/g, '\r');
    const files = { 'quotes.md': quotes, 'bullets.md': bullets, 'ordered.md': ordered, 'both.md': both, 'stairs.md': stairs, 'stairs-cr.md': stairsCr, 'many.md': many };
    const d = project(files);
    const before = snapshot(d);
    const r = cli(['--format', 'json', '.'], d, { timeoutMs: 120_000 });
    assertNoStack(r);
    assert.equal(r.stderr, '');
    assert.equal(jsonReport(r).length, Object.keys(files).length);
    assertUnchanged(before, d, 'lint');
    const fixed = cli(['--fix', '--jurisdiction', 'coppa', 'bullets.md', 'quotes.md'], d, { timeoutMs: 120_000 });
    assertNoStack(fixed);
    for (const f of ['bullets.md', 'quotes.md']) {
      const after = readFileSync(join(d, f), 'utf8');
      assert.ok(after.startsWith(files[f as keyof typeof files].trimEnd()), `${f}: --fix appends after the original`);
    }
    console.log(`      (seven deeply nested files, 2.3 MB, linted in ${(r.ms / 1000).toFixed(1)} s)`);
  });

  it('HTML blocks and front matter: front matter is not policy text, HTML headings are sections', () => {
    const front = `---\ntitle: Privacy Policy\ntodo: TODO fill me\nowner: someone@example.com\n---\n\n${GOOD}`;
    const html = `<h1>Privacy Policy</h1>\n\n<p>Last updated: March 2, 2026</p>\n\n<div class="x">\n<p>We collect your email address.</p>\n</div>\n\n<h2>Children</h2>\n\n<p>We do not knowingly collect personal information from children under 13.</p>\n\n<!-- an HTML comment with TODO inside -->\n\n<h2>Contact</h2>\n\n<p>Email <a href="mailto:privacy@acme-widgets.test">privacy@acme-widgets.test</a>.</p>\n`;
    const d = project({ 'front.md': front, 'html.md': html, 'good.md': GOOD });
    const out = jsonReport(cli([...COPPA, '--format', 'json', '.'], d));
    const by = (f: string) => out.find((x) => x.filePath.endsWith(f))!.messages;
    assert.deepEqual(
      by('front.md').map((m) => m.ruleId),
      by('good.md').map((m) => m.ruleId),
      'front matter (with TODO and an example.com address) changes nothing',
    );
    assert.ok(!by('html.md').some((m) => m.ruleId === 'children-age' || m.ruleId === 'unfilled-placeholder'), JSON.stringify(by('html.md')));
    const before = readFileSync(join(d, 'html.md'), 'utf8');
    const fixed = cli(['--jurisdiction', 'caloppa', '--fix', 'html.md'], d);
    assertNoStack(fixed);
    const after = readFileSync(join(d, 'html.md'), 'utf8');
    let i = 0;
    for (const ch of after) if (ch === before[i]) i++;
    assert.equal(i, before.length, 'HTML policy: --fix only inserts');
  });

  it('an unreadable file: "permission denied", exit 2 (as root, checked as an unprivileged user)', function () {
    const d = project({ 'locked.md': GOOD, 'ok.md': GOOD });
    chmodSync(join(d, 'locked.md'), 0o000);
    const before = snapshot(d);
    if (!isRoot()) {
      assertCleanFailure(cli([...COPPA, 'locked.md'], d), /locked\.md: permission denied/);
      assertUnchanged(before, d);
      return;
    }
    // Root reads any file whatever its mode, so run the CLI as "nobody" with setpriv.
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', '0']);
    if (probe.error || probe.status !== 0) this.skip(); // no setpriv or no user 65534: only the FIFO/directory cases below apply
    chmodSync(d, 0o755);
    const r = cli([...COPPA, 'locked.md', 'ok.md'], d, { wrap: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] });
    assertCleanFailure(r, /^privacy-lint: locked\.md: permission denied\n$/);
    assertUnchanged(before, d);
  });

  it('a FIFO, a device or a directory where a file is expected: one line, exit 2, no hang', function () {
    const d = project({ 'ok.md': GOOD, 'dir.md/readme.txt': 'not a policy' });
    const fifo = spawnSync('mkfifo', [join(d, 'pipe.md')]);
    const before = snapshot(d);
    if (!fifo.error && fifo.status === 0) {
      // Before the fix this blocked forever in readFileSync, waiting for a writer.
      const r = cli([...COPPA, 'pipe.md', 'ok.md'], d, { timeoutMs: 20_000 });
      assertCleanFailure(r, /^privacy-lint: pipe\.md: is not a regular file \(a pipe, socket or device\)\n$/);
    }
    if (process.platform !== 'win32') assertCleanFailure(cli([...COPPA, '/dev/zero'], d, { timeoutMs: 20_000 }), /\/dev\/zero: is not a regular file/);
    assertCleanFailure(cli([...COPPA, '--config', 'dir.md', 'ok.md'], d), /^privacy-lint: cannot read config ".*dir\.md": /);
    assertCleanFailure(cli([...COPPA, 'nope/policy.md'], d), /^privacy-lint: "nope\/policy\.md": no such file or directory\n$/);
    assertUnchanged(before, d);
  });

  it('directory symlink loops: the walk ends, each policy is linted once', () => {
    const d = project({ 'a/policy.md': GOOD, 'b/terms.md': GOOD, 'c/d/privacy.txt': GOOD });
    symlinkSync('..', join(d, 'a', 'up')); // a/up -> . (loop through the parent)
    symlinkSync(join(d, 'b'), join(d, 'a', 'to-b'));
    symlinkSync(join(d, 'a'), join(d, 'b', 'to-a')); // a <-> b
    symlinkSync('self', join(d, 'c', 'self')); // ELOOP
    symlinkSync('missing', join(d, 'c', 'dangling.md'));
    const before = snapshot(d);
    for (const args of [['.'], ['**/*.md'], ['a'], ['a/up/a/up/b']]) {
      const r = cli([...COPPA, '--format', 'json', ...args], d, { timeoutMs: 30_000 });
      assertNoStack(r, args.join(' '));
      const files = jsonReport(r).map((f) => f.filePath);
      assert.equal(new Set(files).size, files.length, `${args.join(' ')}: no file twice`);
      assert.ok(files.length >= 1, args.join(' '));
    }
    assertCleanFailure(cli([...COPPA, 'c/self'], d), /^privacy-lint: "c\/self": too many levels of symbolic links\n$/);
    assertUnchanged(before, d);
  });

  describe('a bad config: one line naming the file and the key, exit 2, the policy untouched', () => {
    const cases: Array<[string, string, string | Uint8Array, RegExp]> = [
      ['invalid JSON', '.privacylintrc.json', '{"rules": {"children-age": "off",}', /\.privacylintrc\.json: is not valid JSON: /],
      ['invalid YAML', '.privacylintrc.yaml', 'rules:\n  children-age: [off\n', /\.privacylintrc\.yaml: is not valid YAML: /],
      ['YAML tabs', '.privacylintrc.yml', 'rules:\n\tchildren-age: off\n', /\.privacylintrc\.yml: is not valid YAML: /],
      ['an unknown rule', '.privacylintrc.json', '{"rules": {"childrens-age": "off"}}', /"rules\.childrens-age": unknown rule \(did you mean "children-age"\?\)/],
      ['an unknown key', '.privacylintrc.json', '{"rule": {}}', /"rule": unknown setting \(did you mean "rules"\?\)/],
      ['a bad severity', '.privacylintrc.yaml', 'rules:\n  children-age: loud\n', /"rules\.children-age": must be one of/],
      ['a bad jurisdiction', '.privacylintrc.json', '{"jurisdictions": ["mars"]}', /unknown jurisdiction "mars"/],
      ['a bad maxFileSize', '.privacylintrc.json', '{"maxFileSize": -1}', /"maxFileSize": must be a positive number/],
      ['ignores not a list', '.privacylintrc.json', '{"ignores": "drafts/**"}', /"ignores": must be a list of glob strings/],
      ['an unusable glob', '.privacylintrc.json', '{"ignores": ["[[:nope:]]"]}', /"ignores": glob "\[\[:nope:\]\]": unknown character class/],
      ['an empty glob', '.privacylintrc.json', '{"ignores": [""]}', /"ignores": glob "": must be a non-empty string/],
      ['not an object', '.privacylintrc.json', '[1, 2]', /\.privacylintrc\.json: must be an object/],
      ['a YAML alias bomb', '.privacylintrc.yaml', `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`, /\.privacylintrc\.yaml: (is not valid YAML|"[a-j]": unknown setting)/],
      ['100 000-deep JSON', '.privacylintrc.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /\.privacylintrc\.json: (is not valid JSON|must be an object)/],
      ['UTF-16 config', '.privacylintrc.json', utf16le('{"rules": {}}'), /\.privacylintrc\.json: is not valid JSON/],
    ];
    // Every case through the config parser (as the CLI and the server read a file), and the ones that fail
    // in different places through the CLI itself: parse, validation, and globs compiled while linting.
    const THROUGH_CLI = new Set(['invalid JSON', 'invalid YAML', 'an unknown rule', 'an unusable glob', 'a YAML alias bomb']);
    const ruleIds = builtinCatalogue().rules.map((r) => r.id);
    for (const [what, name, content, message] of cases) {
      it(what, () => {
        const text = Buffer.from(content).toString('utf8');
        if (what !== 'an unusable glob' && what !== 'an empty glob') {
          assert.throws(() => parseConfigText(text, `/x/${name}`, ruleIds), (e: unknown) => e instanceof ConfigError && message.test(e.message) && !e.message.includes('\n'));
        }
        if (!THROUGH_CLI.has(what) && what !== 'an empty glob') return;
        const d = project({ [name]: content, 'policy.md': MISSING_CHILDREN });
        const before = snapshot(d);
        const r = cli(['--fix', 'policy.md'], d, { timeoutMs: 30_000 });
        assertCleanFailure(r, /^privacy-lint: invalid config: /, what);
        assert.match(r.stderr, message, what);
        assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line`);
        assertUnchanged(before, d, what);
      });
    }

    it('an explicit --config that is missing, a directory, or unreadable', () => {
      const d = project({ 'policy.md': GOOD });
      mkdirSync(join(d, 'conf.json'));
      assertCleanFailure(cli(['--config', 'missing.json', 'policy.md'], d), /^privacy-lint: cannot read config ".*missing\.json": no such file\n$/);
      assertCleanFailure(cli(['--config', 'conf.json', 'policy.md'], d), /^privacy-lint: cannot read config ".*conf\.json": /);
    });

    it('an empty config file is an empty config', () => {
      const d = project({ '.privacylintrc.yaml': '', 'policy.md': GOOD });
      const r = cli([...COPPA, 'policy.md'], d);
      assertNoStack(r);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      writeFileSync(join(d, '.privacylintrc.json'), '');
      assertCleanFailure(cli([...COPPA, 'policy.md'], d), /\.privacylintrc\.json: is not valid JSON/);
    });
  });
});
