import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { DocumentBuilder, decodeBytes, encodeText, type PolicyDocument } from '../../server/src/engine/index.js';

const build = (text: string, format: 'markdown' | 'text' = 'markdown') => new DocumentBuilder().build('t', text, format);
const headings = (d: PolicyDocument) => d.sections.filter((s) => s.heading).map((s) => `${s.level}|${s.heading!.numbering ?? ''}|${s.heading!.text}|${s.heading!.style}`);

describe('document model', () => {
  describe('Markdown', () => {
    it('keeps the plain twin the same length with the same line breaks', () => {
      const text = '# Title\r\n\r\nSome **bold** and [a link](https://acme.test/form) and `code`.\r\n\r\n> quoted\r\n> line\r\n\r\n- item *one*\r\n';
      const d = build(text);
      assert.equal(d.plain.length, text.length);
      for (let i = 0; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') assert.equal(d.plain[i], text[i]);
      assert.match(d.plain, /Some {3}bold {3}and {2}a link {2}https:\/\/acme\.test\/form {2}and {2}code \./);
      assert.ok(!d.plain.includes('**'));
    });

    it('reads ATX, setext and bold-line headings into one tree', () => {
      const d = build('Policy\n======\n\n## Who we are\n\nText here for prose.\n\n**Our address**\n\nMore prose here.\n\n### 1.1 Details\n\nEven more.\n');
      assert.deepEqual(headings(d), ['1||Policy|setext', '2||Who we are|atx', '3||Our address|bold', '3|1.1|Details|atx']);
      const who = d.sections.find((s) => s.heading?.text === 'Who we are')!;
      assert.equal(d.sections[d.sections.find((s) => s.heading?.text === 'Details')!.parent!]!.heading!.text, 'Who we are');
      assert.ok(who.span.end === d.text.length);
    });

    it('keeps front matter, code and HTML comments out of the prose and records the comments', () => {
      const d = build('---\ntitle: x\n---\n# P\n\n<!-- privacy-lint-disable contact -->\n\n```\ncode children\n```\n\nReal text.\n');
      assert.equal(d.comments.length, 1);
      assert.equal(d.comments[0]!.body, 'privacy-lint-disable contact');
      assert.ok(!d.plain.includes('code children'));
      assert.ok(!d.plain.includes('title: x'));
      assert.ok(d.plain.includes('Real text.'));
    });

    it('splits a pipe table into row blocks', () => {
      const d = build('# P\n\n| Purpose | Legal basis |\n| --- | --- |\n| Provide the service | Contract |\n');
      assert.deepEqual(d.blocks.map((b) => b.kind), ['table-row', 'table-row']);
      assert.ok(!d.plain.includes('|'));
    });

    it('survives 10 000 nested block quotes and lists', () => {
      const quotes = '>'.repeat(10000) + ' deep\n';
      const lists = '- '.repeat(10000) + 'deep\n';
      const indented = Array.from({ length: 400 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n');
      for (const t of [quotes, lists, indented]) {
        const started = Date.now();
        const d = build(t);
        assert.equal(d.plain.length, t.length);
        // Not a timing assertion on a shared machine: a hang (micromark takes minutes on these) is what this catches.
        assert.ok(Date.now() - started < 20000);
      }
    });
  });

  describe('plain text', () => {
    it('reads numbered headings with their depth, title lines and bullets', () => {
      const text = [
        'Acme Privacy Policy',
        '',
        '1. Information We Collect',
        '',
        '1.1 Account data',
        '',
        'We collect your name and email address when you register.',
        '',
        '  • Name',
        '  • Email address',
        '',
        '2. Children',
        '',
        'Our service is not meant for children under 13.',
      ].join('\n');
      const d = build(text, 'text');
      assert.deepEqual(headings(d), ['1||Acme Privacy Policy|title', '2|1.|Information We Collect|numbered', '3|1.1|Account data|numbered', '2|2.|Children|numbered']);
      assert.deepEqual(
        d.blocks.map((b) => b.kind),
        ['paragraph', 'list-item', 'list-item', 'paragraph'],
      );
      assert.ok(!d.plain.includes('•'));
    });

    it('reads pasted text with no blank lines: short title lines before prose, ALL-CAPS headings', () => {
      const text = [
        'PRIVACY',
        'How We Use Information',
        'We use the information we collect to run and improve the service and to answer you.',
        'CHILDREN',
        'The service is not directed to children under 13 and we do not knowingly collect their data.',
        'Notice to California Residents',
        'California residents have the right to know what we collect.',
      ].join('\n');
      const d = build(text, 'text');
      const hs = d.sections.filter((s) => s.heading).map((s) => s.heading!.text);
      assert.deepEqual(hs, ['PRIVACY', 'How We Use Information', 'CHILDREN', 'Notice to California Residents']);
    });

    it('does not take the last line of a hard-wrapped paragraph, a list after a colon, or an address for headings', () => {
      const text = [
        'Contact',
        'You can reach our privacy team at any time by writing to the',
        'Privacy Team',
        '',
        'We use data to:',
        'Provide the service',
        '',
        'Acme Widgets Inc',
        '100 Main Street',
        'Springfield, IL 62701',
      ].join('\n');
      const d = build(text, 'text');
      const hs = d.sections.filter((s) => s.heading).map((s) => s.heading!.text);
      assert.deepEqual(hs, ['Contact']);
    });

    it('treats site navigation before the policy title as navigation', () => {
      const text = ['Home', 'Products', 'Blog', 'Log in', '', 'Privacy Policy', '', 'Introduction', '', 'We respect your privacy and explain here what we collect.'].join('\n');
      const d = build(text, 'text');
      assert.equal(d.lines.lineAt(d.contentStart), 5);
      assert.ok(d.sections.filter((s) => s.navigation).length >= 1);
      assert.equal(d.sections.find((s) => s.heading?.text === 'Privacy Policy')!.level, 1);
    });

    it('handles CRLF and lone CR line endings', () => {
      for (const eol of ['\r\n', '\r']) {
        const text = ['Privacy Policy', '', 'Children', 'We do not collect data from children under 13.', ''].join(eol);
        const d = build(text, 'text');
        assert.equal(d.eol, eol);
        assert.equal(d.lines.lineCount, 5);
        assert.deepEqual(d.lines.positionAt(text.indexOf('We do')), { line: 3, character: 0 });
      }
    });
  });

  describe('decoding', () => {
    it('removes and remembers a UTF-8 BOM, reads UTF-16 with BOM, refuses binary and invalid UTF-8', () => {
      const bom = decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]));
      assert.ok(bom.ok && bom.value.text === 'hi' && bom.value.bom);
      const u16 = encodeText('héllo', 'utf-16le', true);
      const r16 = decodeBytes(u16);
      assert.ok(r16.ok && r16.value.text === 'héllo' && r16.value.encoding === 'utf-16le');
      assert.deepEqual([...encodeText('hi', 'utf-8', true)], [0xef, 0xbb, 0xbf, 0x68, 0x69]);
      const bin = decodeBytes(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]));
      assert.ok(!bin.ok && bin.error.kind === 'binary');
      const bad = decodeBytes(new Uint8Array([0x68, 0xc3, 0x28]));
      assert.ok(!bad.ok && bad.error.kind === 'invalid-encoding');
      const big = decodeBytes(new Uint8Array(20), 10);
      assert.ok(!big.ok && big.error.kind === 'too-large');
    });
  });

  const seeds = new URL('../../../../shared/corpus/seeds/', import.meta.url);
  (existsSync(seeds) ? describe : describe.skip)('the seed policies (../shared/corpus/seeds)', () => {
    const read = (name: string) => build(readFileSync(new URL(name, seeds), 'utf8'), 'text');
    it('seed-000: numbered headings nest by depth', () => {
      const d = read('seed-000.txt');
      const children = d.sections.find((s) => /children/i.test(s.heading?.text ?? ''))!;
      assert.equal(children.heading!.numbering, '9.');
      assert.equal(children.level, 2);
      assert.equal(d.sections.find((s) => s.heading?.numbering === '1.1')!.level, 3);
    });
    it('seed-001: title lines without blank lines, cut off inside the California notice', () => {
      const d = read('seed-001.txt');
      const names = d.sections.map((s) => s.heading?.text ?? '');
      for (const h of ['Information We Collect', 'How We Share Information', 'Information from Children', 'Notice to California Residents']) assert.ok(names.includes(h), h);
      assert.equal(d.sections[d.sections.length - 1]!.heading!.text, 'Notice to California Residents');
    });
    it('seed-003: un-numbered sub-headings sit under numbered ones', () => {
      const d = read('seed-003.txt');
      const sub = d.sections.find((s) => s.heading?.text === 'Information you provide')!;
      assert.equal(d.sections[sub.parent!]!.heading!.numbering, '3.');
    });
    it('seed-004: site navigation before the title is excluded', () => {
      const d = read('seed-004.txt');
      assert.ok(d.contentStart > 0);
      assert.match(d.text.slice(d.contentStart, d.contentStart + 20), /^Privacy Policy/);
    });
  });
});
