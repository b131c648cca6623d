// Documents the fuzzer broke the engine with, kept as fixed examples of the same properties (each was
// fixed in the engine; the commit that fixed it is named), plus every own policy run through them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JURISDICTIONS, Linter, mergeConfig, type ConfigInput, type DocumentFormat } from '../../server/src/engine/index.js';
import { MarkdownReader as Reader, chunks } from '../../server/src/engine/document/markdown.js';
import { closeOnce } from '../../server/src/engine/linter.js';
import { openConstructAtEnd } from '../../server/src/engine/fixes/clause.js';
import { REPO, TODAY, checkChunks, checkFix, checkIncremental, checkLint, sourcePolicies, type GeneratedDoc } from './properties.js';

function doc(text: string, format: DocumentFormat = 'markdown', config: ConfigInput = {}): GeneratedDoc {
  return { text, format, uri: `/fuzz/policy.${format === 'markdown' ? 'md' : 'txt'}`, config: mergeConfig(config) };
}

const INTRO = 'Tallyworks, Inc. ("Tallyworks", "we", "us") makes invoicing software for small businesses. This policy explains what personal information we handle when you use our website and apps (the "Services"), and the choices you have.';

const CCPA_LAST =
  '## US state privacy rights\n\nResidents of California, Colorado, Connecticut, Virginia and other states with comprehensive privacy laws have additional rights. For California residents, this section is our notice under the California Consumer Privacy Act (CCPA).\n\n- You may request to know the categories and specific pieces of personal information we collected about you in the past 12 months.\n- You may ask us to delete your personal information or to correct it if it is inaccurate.\n- You may opt out of the sale or sharing of personal information. We do not sell or share it, so there is nothing to opt out of today.\n- You may ask us to limit the use of your sensitive personal information. We only use sensitive personal information to provide the service.\n- We will not discriminate against you for exercising any of these rights.\n\nWe do not respond to browser Do Not Track signals, but we do treat a Global Privacy Control signal as an opt-out request.';

const HEADING_IN_LIST =
  '## 8. California residents\n\nIf you live in California, the California Consumer Privacy Act (CCPA), as amended by the CPRA, gives you these rights:\n\n- **Right to know** what personal information we have collected about you, where it came from, and who we disclosed it to.\n- **Right to delete** personal information we collected from you, subject to legal exceptions.\n- **Right to correct** inaccurate personal information.\n- **Right to opt out** of the sale or sharing of your personal information. As said above, we do not sell or share it.\n- **Right to non-discrimination**: we will not deny you service or charge you a different price because you used these rights.\n\nTo make a request, email privacy@tallyworks.io or call us toll-free at 1-888-555-0143. We will ask you to confirm your email address before we act on the request. An authorized agent may make a request for you with your signed permission.\n\n- # Privacy Policy\n- \n- _Last updated: March 14, 2025_\n- \n- ' +
  INTRO;

describe('fuzzer finds, kept as examples', function () {
  this.timeout(60_000);

  it('a leading U+FEFF no longer shifts Markdown offsets (db12149)', () => {
    const d = doc(`\uFEFF# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO}`);
    checkLint(d);
    checkFix(d);
    const r = new Linter().lint(d, { config: d.config, today: TODAY });
    assert.equal(r.doc.sections.find((s) => s.heading)!.heading!.text, 'Privacy Policy');
    assert.ok(!r.findings.some((f) => f.ruleId === 'effective-date'), 'the date under the title is found');
  });

  it('text between front matter and the first heading is policy text (aad07c3)', () => {
    const body = 'Last updated: March 1, 2026\n\nAcme runs a recipe website. We collect your email address when you subscribe. We do not knowingly collect information from children under 13.\n\n## Contact\n\nEmail privacy@acme.test.\n';
    const config = { jurisdictions: ['caloppa', 'coppa'] } as ConfigInput;
    const ids = (text: string) => new Linter().lint(doc(text, 'markdown', config), { config: mergeConfig(config), today: TODAY }).findings.map((f) => `${f.ruleId}:${f.code}`);
    assert.deepEqual(ids(`---\nlayout: page\ntitle: Privacy Policy\n---\n\n${body}`), ids(body));
    checkFix(doc('---\ntitle: Privacy Policy\nupdated: 2025-01-01\n---\n', 'markdown', { jurisdictions: ['caloppa'] }));
  });

  it('a clause after a lone CR does not turn it into a CRLF (e0ab02d)', () => {
    checkFix(doc('What we keep about you\nTo send you an order we need your name, delivery address, email and phone number.\r'));
    checkFix(doc('PRIVACY POLICY\r\nWe collect your name.\r\nContact\nEmail us.\r', 'text'));
  });

  it('front matter is front matter with any line ending (f082fc4)', () => {
    const ids = (eol: string) =>
      new Linter()
        .lint(doc(['---', 'title: Privacy Policy', 'todo: TODO', '---', '', '# Privacy Policy', '', 'We collect email.', ''].join(eol)), { config: mergeConfig({}), today: TODAY })
        .findings.map((f) => `${f.ruleId}:${f.code}`);
    assert.deepEqual(ids('\r'), ids('\n'));
    assert.deepEqual(ids('\r\n'), ids('\n'));
    assert.ok(!ids('\r').some((x) => x.startsWith('unfilled-placeholder')), 'the TODO in front matter is not policy text');
  });

  it('CRLF files get a blank line before an appended clause (c9e1689)', () => {
    checkFix(doc('---\rtitle: Privacy Policy\nupdated: 2025-01-01\n---\r\n'));
    const lf = new Linter().fix(doc('# Privacy Policy\n\nWe collect your email address.\n'), { config: mergeConfig({ jurisdictions: ['coppa'] }), today: TODAY }).text;
    const crlf = new Linter().fix(doc('# Privacy Policy\r\n\r\nWe collect your email address.\r\n'), { config: mergeConfig({ jurisdictions: ['coppa'] }), today: TODAY }).text;
    assert.equal(crlf, lf.replace(/\n/g, '\r\n'), 'the CRLF file is fixed exactly like the LF file');
  });

  it('clauses appended together are separated by a blank line, whatever the heading style (ea4b43d)', () => {
    const d = doc('INFORMATION WE GATHER\n\nWhen you place an order we ask for your name and address. Our web server logs the IP address of each visitor.\n\n');
    checkFix(d);
    const fixed = new Linter().fix(d, { config: d.config, today: TODAY }).text;
    assert.ok(!/[^\n]\n(?:How We Use|Who We Share|Contact Us)/.test(fixed), 'each clause heading has a blank line above it');
  });

  it('a policy written as a numbered list keeps "3. Contact" whole (3086e65)', () => {
    const text = '# Privacy Policy\n\nLast updated: March 1, 2026\n\n1. Information we collect\n\n   We collect your name and email address when you sign up.\n\n2. How we use it\n\n   We use it to run the service and answer your questions.\n\n3. Contact\n\n   Email privacy@acme.test with any question.\n';
    const d = doc(text, 'markdown', { jurisdictions: ['coppa'] });
    checkFix(d);
    const fixed = new Linter().fix(d, { config: d.config, today: TODAY }).text;
    assert.match(fixed, /\n\n3\. Contact\n\n   Email privacy@acme\.test/);
    assert.ok(fixed.indexOf("Children's Privacy") < fixed.indexOf('3. Contact'), 'clauses before the contact section');
  });

  it('numbered clauses added together are numbered on, and escaped where Markdown would read a list (3aa7014, a373c6e)', () => {
    const own02 = readFileSync(`${REPO}test/corpus/own/own-02-eu-app.txt`, 'utf8');
    const d = doc(own02, 'text', { jurisdictions: ['gdpr', 'ccpa', 'coppa', 'caloppa'] });
    checkFix(d);
    // The policy's own sections are 1. to 12.; the clauses go on from there.
    const numbers = new Linter().fix(d, { config: d.config, today: TODAY }).text.match(/^\d+(?=\. )/gm)!.map(Number);
    assert.ok(numbers.length > 13, numbers.join(' '));
    assert.deepEqual(numbers, numbers.map((_, i) => 1 + i));
    const md = doc('    indented first line\n2. Datenschutzhinweise / Privacy Notice\n\nKalkmeister GmbH provides a cloud accounting service. This notice explains the processing of personal data under the GDPR.');
    checkFix(md);
    assert.match(new Linter().fix(md, { config: md.config, today: TODAY }).text, /\n\d+\\\. Contact Us\n/);
  });

  it("a last section's additions stay in it when whole sections are appended too (bd008bb)", () => {
    checkFix(doc(CCPA_LAST));
  });

  it('a paragraph added to a section does not split "- # Heading" (fd3e897)', () => {
    checkFix(doc(HEADING_IN_LIST));
  });

  it('a two-line organisation fact is written with the file\'s line ending (30d9ab2, a35ed08)', () => {
    const html = '<h2>Contact</h2>\r\r<p>Email <a href="mailto:hello@fernhillrecipes.co.uk">hello@fernhillrecipes.co.uk</a>.</p>';
    const config: ConfigInput = { jurisdictions: ['pipeda', 'app'] as unknown as ConfigInput['jurisdictions'], organization: { postalAddress: '1 Main St\nSpringfield', name: 'Acme\r\nLtd' } };
    checkLint(doc(html, 'markdown', config));
    checkFix(doc(html, 'markdown', config));
    checkFix(doc('PRIVACY POLICY\r\rWe collect your name.\r', 'text', { ...config, jurisdictions: 'auto' }));
    // app-notice's clause leaves [STATE THE PURPOSES], so APP-NO-PURPOSES stays open: a second run must not add it again.
    const d = doc(html, 'markdown', config);
    const once = new Linter().fix(d, { config: d.config, today: TODAY }).text;
    assert.equal(new Linter().fix({ ...d, text: once }, { config: d.config, today: TODAY }).text, once);
  });

  it('a clause is not inserted above the title, under a masthead (70bf5b8)', () => {
    const text = readFileSync(`${REPO}test/corpus/own/own-02-eu-app.txt`, 'utf8');
    checkFix(doc(text, 'text'));
  });

  it('a code fence opened inside an HTML comment does not move chunk boundaries: lint twice, same result (b316742)', () => {
    // The comment is closed by a later line; the fence scan used to see a fence there and cut at the
    // headings after it, and a warm Linter read those chunks differently from a cold one.
    checkLint(doc("## What we collect\n\n- **Account details**: name, email address, and profile picture if you add one.\n- **Your notes**: the content you write, which we store so that it syncs between your devices.\n- **Usage and device data**: app version, operating system, crash logs, and coarse location derived from your IP address.\n\n<!-- privacy-lint-disable app-notice -- fuzz\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\nTallyworks, Inc. (\"Tallyworks\", \"we\", \"us\") makes invoicing software for small businesses. This policy explains what personal information we handle when you use our website and apps (the \"Services\"), and the choices you have.\n\n~~~~\n<!-- privacy-lint-disable app-notice -- fuzz -->\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\nTallyworks, Inc. (\"Tallyworks\", \"we\", \"us\") makes invoicing software for small businesses. This policy explains what personal information we handle when you use our website and apps (the \"Services\"), and the choices you have.\n~~~~\n\n## What we collect\n\n- **Account details**: name, email address, and profile picture if you add one.\n- **Your notes**: the content you write, which we store so that it syncs between your devices.\n- **Usage and device data**: app version, operating system, crash logs, and coarse location derived from your IP address.", 'markdown', { jurisdictions: ['coppa'] }));
  });

  it('a lone CR before a code fence is a line end for the chunk scan too (b316742)', () => {
    // "\r~~~~" opens a fence in CommonMark; the scan split lines at LF only and cut at "## Contact" inside it.
    checkIncremental(doc("How Long We Keep Information\nWe keep readings while your account is active and for 24 months after your last sign-in, then delete them.\r\n\r~~~~\n## Contact\r\n\rBrightwave Media LLC, 88 Pearl Street, Brooklyn, NY 11201. Email privacy@brightwave.fm.\n~~~~ \r\n \rAccess and correction\n---------------------\r\n\rYou can ask us for a copy of the personal information we hold about you, or ask us to correct it, by emailing support@quillstack.com.au.\n"), [{"at": 0, "del": 0, "text": "# "}, {"at": 0, "del": 35, "text": ""}, {"at": 0, "del": 29, "text": "\ud800\udc00\ud800\udc00\ud800\udc00\ud800\udc00\ud800\udc00\ud800\udc00\ud800\udc00\u0000"}, {"at": 1704432691, "del": 0, "text": "x"}]);
  });

  it('an HTML comment or code fence left open at the end is closed before appended clauses (e7e3cd0)', () => {
    // Both run to the end of the file and used to swallow what --fix appended. The fix now closes them
    // first: the original reads as before (the construct ended at the end anyway) and the clauses show.
    const d = doc(`<!-- draft\r# Privacy Policy\r\r${INTRO}`);
    const fixed = new Linter().fix(d, { config: d.config, today: TODAY });
    assert.ok(fixed.fixed.some((f) => f.ruleId === 'contact'));
    assert.ok(!fixed.result.findings.some((f) => f.ruleId === 'contact' && f.code === 'ABSENT'), 'the contact clause is read');
    assert.equal(fixed.text.match(/-->/g)?.length, 1, 'closed once, however many clauses were appended');
    assert.ok(fixed.text.includes(d.text + '\r-->\r\r'), 'the comment is closed right after the original text, in its line endings');
    checkFix(d);
    // A fence opened in the policy's last lines (a fuzz find: the clauses landed inside the code block).
    const fenced = doc("    indented first line\n2. 1. Information we collect\n\n**You give us.** When you sign up we ask for your name, business email address, company name and a password. If you buy a paid plan, our payment processor collects your card details; we only keep the last four digits and the expiry month.\n\n**Collected automatically.** Our servers log your IP address, browser type, pages viewed and the time of each request. We also record which features you use so that we can see what works.\n\n**From others.** If a colleague invites you to a shared workspace, they give us your email address.\n\n```text\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\nTallyworks, Inc. (\"Tallyworks\", \"we\", \"us\") makes invoicing software for small businesses. This policy explains what personal information we handle when you use our website and apps (the \"Services\"), and the choices you have.", 'markdown', { jurisdictions: ['coppa'] });
    checkFix(fenced);
    const out = new Linter().fix(fenced, { config: fenced.config, today: TODAY }).text;
    assert.equal(out.slice(fenced.text.length).match(/^```$/gm)?.length, 1, 'one closing fence');
  });

  it('a reference link reads the same whether its definition is in the chunk re-read or elsewhere (28d94bf)', () => {
    // "[explains][ref 1]" is a link only because "[REF 1]: …" is defined, two chunks further on. An edit
    // re-read the paragraph alone, where the label was undefined, and kept its brackets in doc.plain.
    // (Found once the properties compared the document model, not just findings, and the generator
    // wrote real definitions: "[^1]: A footnote…" never was one.)
    checkIncremental(doc(`# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO.replace('explains', '[explains][ref 1]')}\n\n[REF 1]: https://example.org/1 "Title"`), [{ at: 51, del: 0, text: '\n' }]);
    const model = (r: ReturnType<Reader['parse']>) => ({ headings: r.headings, blocks: r.blocks, comments: r.comments, plain: r.plain });
    const far = '\n\nWe collect your name and email address when you sign up, and nothing else.'.repeat(200);
    const texts = [
      'See [our terms][t], [Contact] and [t][].\n\nMore text.\n\n[T]: https://example.org/terms\n[contact]: mailto:privacy@example.org',
      '[t]: https://example.org/terms\n\n## Terms\n\nSee [the terms][T].',
      `See [our terms][t].${far}\n\n[t]: https://example.org/terms`, // further than one batched run (8 KB)
      '1. Item\n\n   See [the  terms][a b].\n\n   More.\n\n> [A\n> B]: /url', // in a list item; a label over two lines, in a quote
      'See [terms][t].\n\n```\n[t]: /not-a-definition\n```\n\nAnd [t].', // "[t]:" in code defines nothing
      'See [x\\]][x\\]].\n\n[x\\]]: /escaped',
    ];
    for (const t of texts) {
      const whole = model(new Reader('none').parse(t));
      assert.deepEqual(model(new Reader('fine').parse(t)), whole, t);
      assert.deepEqual(model(new Reader('fine', { batch: false }).parse(t)), whole, t);
      // Edits that define, rename and remove a label, read by one warm reader, equal a fresh one.
      const warm = new Reader('fine', { batch: false });
      warm.parse(t);
      for (const edited of [t.replace(/\]:/, 'x]:'), t, t.replace(/\n\[[^\n]*\]: [^\n]*$/, ''), `${t}\n\n[terms]: /new`, t]) {
        assert.deepEqual(model(warm.parse(edited)), model(new Reader('none').parse(edited)), edited);
      }
    }
  });

  it('a fence opened indented, inside a list item, ends with the item: no cut after it (de99a36)', () => {
    // The scan took "  ```" for a fence of its own, closed it at the "```" that really opens a new one,
    // and cut before "# H", which the whole text reads as code.
    checkChunks(doc('* a\n  ```\n  code\n* b\n\n```\n\n# H\n\ntext\n'));
    checkChunks(doc('- # Privacy Policy\n  ```\n  \n  _Last updated: March 14, 2025_\n```\n\n# Privacy Policy\n\nWe collect your email address.\n'));
  });

  it('the nesting guard sees lone-CR line endings (de99a36)', () => {
    // With CR endings the text was one line to containerDepth: 300 nested list levels went to micromark
    // (1.7 s; superlinear) instead of being read line by line, and chunk and whole readings differed.
    checkChunks(doc(`# Privacy Policy\r\r${INTRO}\r\r${Array.from({ length: 5 }, () => `${'>'.repeat(25)} ${INTRO}`).join('\r')}`));
    const stairs = Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\r');
    const t0 = performance.now();
    new Linter().lint({ uri: 'stairs.md', text: stairs, format: 'markdown' });
    assert.ok(performance.now() - t0 < 1000, `300 levels with CR endings took ${(performance.now() - t0).toFixed(0)} ms`);
  });

  it('a label with a NUL matches its reference as micromark reads both (de99a36)', () => {
    checkChunks(doc('[\u0000DIRECTED]: https://example.org/6 "Title"\n\n## Children\n\nThe app is not [\u0000directed] to children under 13.'));
  });

  it('a policy written as one tight list is cut at its top-level items, whatever their markers (de99a36)', () => {
    // No blank line anywhere, so it used to be one chunk: a keystroke re-parsed all of it (0.55 of a
    // cold lint at 100 KB). Each top-level item is a chunk now; a marker change starts a new list.
    const clause = 'We collect your name and email address when you sign up.';
    const tight = `# Privacy Policy\n\n${Array.from({ length: 40 }, (_, i) => `${['-', '*', '+', '1.', '2)', '10.'][i % 6]} Section ${i}\n    - ${clause}\n    - ${clause}\n      continued\nlazily continued`).join('\n')}\n`;
    checkChunks(doc(tight));
    checkChunks(doc(tight.replace(/\nlazily continued/g, '')));
    assert.ok(chunks(tight.replace(/\nlazily continued/g, ''), 0).length > 40, 'one chunk per top-level item');
    checkIncremental(doc(tight.replace(/\nlazily continued/g, '')), [{ at: 700, del: 0, text: 'x' }, { at: 1500, del: 3, text: '\n' }]);
  });

  it('--fix closes only what the parse leaves open at the end: not a fence line in an HTML block, but a fence after a list item (de99a36)', () => {
    // "~~~~" inside an HTML block (it runs to the blank line) opens nothing; the line scan took it for a
    // fence, closed it after the policy, and so opened one that swallowed every appended clause.
    checkFix(doc(`<h1>~~~~</h1>\n## International transfers\n~~~~\n\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO}`));
    // The same with the fence line inside a <div> block (CI, fast-check seed -647273696, APPI profile).
    checkFix(doc(`<div class="policy">\n~~~\n\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO}`, 'markdown', { jurisdictions: ['appi'] }));
    // The other way round: the item's fence ends with the item, and the "```" after it opens one.
    const d = doc(`# Privacy Policy\n\n${INTRO}\n\n- Example\n  \`\`\`\n  code\n\`\`\`\n\nWe collect your email address.`);
    checkFix(d);
    const fixed = new Linter().fix(d, { config: d.config, today: TODAY });
    assert.ok(fixed.fixed.length > 0 && !fixed.result.findings.some((f) => f.ruleId === 'contact' && f.code === 'ABSENT'), 'the clauses are read');
  });

  it('clauses stacked after an open fence close it once, before the first of them (1178381)', () => {
    // A second clause with a closer after items without one (stacked at the same offset) kept its "```"
    // and opened a new fence, which swallowed the clauses after it (fuzz seed 20261318).
    checkFix(
      doc(
        'deleting your data\nUninstalling the app deletes everything on the device. To delete crash reports tied to your install ID, email us and we will remove them within 14 days.\n\n- <h1>Privacy Policy</h1>\n  ```\n  \n  <p><em>Last updated: 22 August 2024</em></p>\n  \n  <p>Fernhill Recipes Ltd ("Fernhill") runs a recipe website and newsletter.</p>\n```',
        'markdown',
        { jurisdictions: ['uk-gdpr', 'appi'] },
      ),
    );
    // An edit sorted before the first closer (a section's own addition) moves behind it.
    const edits = [
      { range: [9, 9] as [number, number], text: '\n\nAn item the last section gains.' },
      { range: [9, 9] as [number, number], text: '\n```\n\n## A\n\nText.\n' },
      { range: [9, 9] as [number, number], text: '\n```\n\n## B\n\nText.\n' },
    ];
    closeOnce(edits);
    assert.deepEqual(
      edits.map((e) => e.text),
      ['\n```\n\nAn item the last section gains.', '## A\n\nText.\n', '## B\n\nText.\n'],
    );
  });

  it('--fix and the reader agree on how deep a chunk nests before it is read line by line (99c55fa)', () => {
    // openConstructAtEnd trusted its line scan past 20 levels, the reader parses up to 24: 21 quote
    // levels, then "~~~~" inside an HTML block, got a closer that opened a fence (fuzz seed 20261335).
    const q = '>'.repeat(21);
    checkFix(doc(`${q} # Privacy Policy\n${q} \n${q} ${INTRO}~~~~\n<div>\n<p>Friends of Alder Valley Trust\nPrivacy Notice for Supporters\n~~~~\n\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO}`, 'markdown', { jurisdictions: ['appi'] }));
    // Past the limit the chunk is read line by line, where nothing is open: no closer either.
    checkFix(doc(`${'>'.repeat(30)} # Privacy Policy\n\n~~~~\n${'>'.repeat(30)} ${INTRO}`, 'markdown', { jurisdictions: ['appi'] }));
  });

  it('the open-construct probe is written with the file\'s line ending (abbf83d)', () => {
    // With lone-CR endings an LF probe made "\r\n", one line break, so the probe read as part of an HTML
    // block that the real clause (after "\r\r") ends: "~~~~" was taken for an open fence and its
    // closer opened one (fuzz seed 20261317).
    const text = '<div>\r<p>~~~~\rwhat leaves your phone\r- crash reports, sent to our crash reporting provider\r- an anonymous install ID\r~~~~\r';
    assert.equal(openConstructAtEnd(text), null);
    assert.equal(openConstructAtEnd(text.replace(/\r/g, '\n')), null);
    checkFix(doc(text, 'markdown', { jurisdictions: ['gdpr', 'coppa'] }));
  });

  it('what counts as navigation above the title does not change when clauses are appended (3bc73ec)', () => {
    // The title had to lie in the first 30 % of the text: appending clauses brought it into range and
    // turned "### Age rating" above it into navigation, so the parent-contact sentence --fix had added
    // there was no longer read (fuzz seed 20261322). A paragraph of prose above the title is content.
    const age = "### Age rating\n\nOur games are rated for everyone, but they are not designed for children under 13, and we do not knowingly collect personal information from anyone under that age. Parents who believe their child has used one of our games can ask us to delete the child's data.";
    const d = doc(`Home\nAbout\nProducts\nContact\nLogin\n${age}\n\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO}`, 'markdown', { jurisdictions: ['ccpa', 'coppa', 'appi'], organization: { email: 'privacy@acme.test' } });
    checkFix(d);
    const r = new Linter().lint({ uri: d.uri, text: d.text, format: 'markdown' }, { config: d.config });
    assert.equal(r.doc.contentStart, 0, 'a paragraph of prose above the title is policy text');
    // A menu with a one-line banner above the title is still navigation, in a short text too.
    const menu = 'Try our annotator now. No credit card required.\nLearn More\nSolutions\nProducts\nBlog\nLog in\n\n# Privacy Policy\n\nWe collect your email address.\n';
    assert.ok(new Linter().lint({ uri: 'm.md', text: menu, format: 'markdown' }).doc.contentStart > 0);
  });

  it('a byte-order mark changes neither the open-construct check nor what counts as navigation (194fb26)', () => {
    // "\uFEFF<div>" is no HTML block to the line scan: a fence line inside the block looked open and its
    // closer opened a fence (fuzz seeds 20261364, 20261366). In plain text a heading on the first line
    // started at 0, before the policy's start after the mark, and its section was navigation (20261371).
    checkFix(doc(`\uFEFF<div>\n<p>~~~~\n## Mode and place of processing the Data\n~~~~\n\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO}`, 'markdown', { jurisdictions: ['appi'] }));
    checkFix(doc(`\uFEFF<h1>\`\`\`</h1>\nParrotfish AI, Inc. offers an AI meeting assistant.\n\`\`\`\n\n# Privacy Policy\n\n_Last updated: March 14, 2025_\n\n${INTRO}`));
    const age = "\uFEFFAge rating\n==========\n\nOur games are not designed for children under 13, and we do not knowingly collect personal information from anyone under that age. Parents can ask us to delete the child's data.\n\n5. Who can see it\nReading records are visible to the parent. We do not sell children's personal information.";
    const d = doc(age, 'text', { jurisdictions: ['coppa', 'appi'], organization: { email: 'privacy@acme.test' } });
    checkFix(d);
    const r = new Linter().lint({ uri: d.uri, text: d.text, format: 'text' }, { config: d.config });
    assert.deepEqual(r.doc.sections.filter((x) => x.heading).map((x) => [x.heading!.text, x.navigation]), [['Age rating', false], ['Who can see it', false]]);
  });

  it('the California items --fix adds still count when the notice gains a heading of its own (5bb2a3c)', () => {
    // A notice under no heading got its items added where it was; the clauses appended after it made the
    // Shine the Light heading "YOUR CALIFORNIA PRIVACY RIGHTS" a California section, where the items
    // were then looked for, and missed (fuzz seed 20261341). Both places count now.
    checkFix(doc("---\ntitle: Privacy Policy\nupdated: 2025-01-01\n---\nNOTICE TO CALIFORNIA RESIDENTS\nThis notice is provided under the California Consumer Privacy Act. In the last 12 months we collected identifiers, audio information, and internet activity information, for the purposes described above.\nCalifornia residents may:\n• request to know what personal information we have collected about them;\n• request deletion of their personal information;\n• request correction of inaccurate personal information;\n• limit the use of their sensitive personal information, although we only use it to provide the service;\n• exercise these rights without receiving discriminatory treatment.\nRequests can be submitted through our privacy request form at https://parrotfish.ai/privacy-request. The same form is linked from the footer of our website.\n\nYOUR CALIFORNIA PRIVACY RIGHTS\n\nCalifornia Civil Code Section 1798.83 permits customers who are California residents to request, once a year, a list of the categories of personal information we disclosed to third parties for their direct marketing purposes during the preceding calendar year, and the names and addresses of those third parties. To make such a request, write to us at the address below.\n\n1. Data we process\nWhen you create an account we process your e-mail address, a display name and the password hash. While you plan routes, the app processes the start and end points you enter and, if you allow it, your device location. Our servers also record technical data such as IP address, app version and crash reports.", 'text', { jurisdictions: 'auto' }));
  });

  it('a numbered setext clause heading escapes its dot, or Markdown reads a list item and a rule (87fd53a)', () => {
    // "2. Contact Us" over "---" is an ordered list item and a thematic break, not a heading: the appended
    // clauses were not read as sections (fuzz seed 20261225).
    checkFix(doc("**1. Information we collect** **You give us.** When you sign up we ask for your name, business email address, company name and a password. If you buy a paid plan, our payment processor collects your card details; we only keep the last four digits and the expiry month. **Collected automatically.** Our servers log your IP address, browser type, pages viewed and the time of each request. We also record which features you use so that we can see what works. **From others.** If a colleague invites you to a shared workspace, they give us your email address.Privacy Policy\n--------------\n\n_Last updated: March 14, 2025_\n\nTallyworks, Inc. (\"Tallyworks\", \"we\", \"us\") makes invoicing software for small businesses. This policy explains what personal information we handle when you use our website and apps (the \"Services\"), and the choices you have."));
    const fixed = new Linter().fix({ uri: 'p.md', text: '**1. Data we collect**\n---------------------\n\nWe collect your email address.\n', format: 'markdown' }, { today: TODAY });
    assert.match(fixed.text, /\n2\\\. [^\n]+\n-{3,}\n/);
  });

  it('read line by line (nesting past the limit), a short lone line is a heading as in a parsed chunk (e1e9b54)', () => {
    // --fix writes clause headings as lone lines in a policy whose headings are such lines; inside a chunk
    // nested too deep for micromark they were read as paragraphs, so the clauses went unread (fuzz seed
    // 20261210).
    checkFix(doc("# ~~~~\nPocket Ledger - privacy\n\nPocket Ledger keeps your budget on your phone. This page says what leaves your phone and why.\n~~~~\n\n>>>>>>>>>>>>>>>>>>>>>>>>> # Privacy Policy\n>>>>>>>>>>>>>>>>>>>>>>>>> \n>>>>>>>>>>>>>>>>>>>>>>>>> _Last updated: March 14, 2025_\n>>>>>>>>>>>>>>>>>>>>>>>>> \n>>>>>>>>>>>>>>>>>>>>>>>>> Tallyworks, Inc. (\"Tallyworks\", \"we\", \"us\") makes invoicing software for small businesses. This policy explains what personal information we handle when you use our website and apps (the \"Services\"), and the choices you have.", 'markdown', { jurisdictions: ['appi'] }));
    // An unclosed fence keeps the scan from cutting, so the lone line is in the deep chunk.
    const deep = `~~~~\n\n${'>'.repeat(30)} deep\n\nContact Us\n\nEmail privacy@acme.test with any question.\n`;
    const r = new Linter().lint({ uri: 'd.md', text: deep, format: 'markdown' });
    assert.ok(r.doc.sections.some((x) => x.heading?.text === 'Contact Us'));
  });

  it('a sentence added to a plain-text section without blank lines does not run on from a line with no full stop (1912b2e)', () => {
    // "contact\nsupport@…\n" then the ICO sentence read as one sentence with the Australian
    // commissioner's, which the ICO cue excludes (fuzz seed 20261211).
    checkFix(doc("7. Complaints\nPlease send any complaint to our Privacy Officer at privacy@coastline.test or PO Box 881, Fremantle WA 6959. If you are not satisfied with our response, you may refer your complaint to the Office of the Australian Information Commissioner.\ncontact\nsupport@pocketledger.test\n", 'text', { jurisdictions: ['uk-gdpr', 'appi'] }));
  });

  it('read line by line, a setext heading is a heading too (cdf3eff)', () => {
    // The same hostile chunk in a policy whose headings are setext: --fix wrote "Contact Us" over dashes,
    // which the line-by-line reading took for two paragraphs (fuzz seed 20261212).
    checkFix(doc("# ~~~~\nPrivacy Policy\n==============\n\n**Last revised:** 9 July 2024\n\nQuillstack Pty Ltd runs Quillstack, an online writing tool for students and teachers in Australia.\n~~~~\n\n>>>>>>>>>>>>>>>>>>>>>>>>> # Privacy Policy\n>>>>>>>>>>>>>>>>>>>>>>>>> \n>>>>>>>>>>>>>>>>>>>>>>>>> _Last updated: March 14, 2025_\n>>>>>>>>>>>>>>>>>>>>>>>>> \n>>>>>>>>>>>>>>>>>>>>>>>>> Tallyworks, Inc. (\"Tallyworks\", \"we\", \"us\") makes invoicing software for small businesses. This policy explains what personal information we handle when you use our website and apps (the \"Services\"), and the choices you have.", 'markdown', { jurisdictions: ['appi'] }));
    const deep = `~~~~\n\n${'>'.repeat(30)} deep\n\nContact Us\n----------\n\nEmail privacy@acme.test with any question.\n`;
    const r = new Linter().lint({ uri: 'd.md', text: deep, format: 'markdown' });
    assert.ok(r.doc.sections.some((x) => x.heading?.text === 'Contact Us' && x.heading.style === 'setext'));
  });

  it('every own policy keeps the properties (auto and all jurisdictions; LF, CRLF and CR)', () => {
    for (const s of sourcePolicies()) {
      const text = readFileSync(REPO + s.name, 'utf8');
      const d = doc(text, s.format);
      checkLint(d);
      for (const eol of ['\n', '\r\n', '\r']) checkFix({ ...d, text: text.replace(/\n/g, eol) });
      checkFix(doc(text, s.format, { jurisdictions: [...JURISDICTIONS] }));
      checkIncremental(d, [{ at: Math.floor(text.length / 2), del: 5, text: '\n\n## Children\n\n' }]);
    }
  });
});
