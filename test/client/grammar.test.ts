// The privacy-policy TextMate grammar: valid JSON wired into the manifest, every regex inside the
// subset that Oniguruma (VS Code) and JavaScript agree on, and each rule matching what it is for on
// sample lines and not on near misses. Real tokenisation would need vscode-textmate + vscode-oniguruma.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (p: string) => readFileSync(root + p, 'utf8');

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
  contentName?: string;
  repository?: Record<string, Rule>;
}
interface Grammar extends Rule {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const GRAMMAR_PATH = 'syntaxes/privacy-policy.tmLanguage.json';
const grammar = JSON.parse(read(GRAMMAR_PATH)) as Grammar;

function allRegexes(rule: Rule, where: string, out: Array<{ where: string; source: string }> = []) {
  for (const key of ['match', 'begin', 'end', 'while'] as const) {
    const v = rule[key];
    if (v !== undefined) out.push({ where: `${where}.${key}`, source: v });
  }
  rule.patterns?.forEach((p, i) => allRegexes(p, `${where}.patterns[${i}]`, out));
  for (const [k, r] of Object.entries(rule.repository ?? {})) allRegexes(r, `${where}.repository.${k}`, out);
  return out;
}

/** The leftmost match of a repository rule (or of the first of its sub-patterns to match there). */
function firstMatch(ruleName: string, line: string): { text: string; name?: string } | undefined {
  const rule = grammar.repository[ruleName];
  assert.ok(rule, `no repository rule ${ruleName}`);
  let best: { index: number; text: string; name?: string } | undefined;
  const visit = (r: Rule) => {
    if (r.include?.startsWith('#')) return visit(grammar.repository[r.include.slice(1)]!);
    const source = r.match ?? r.begin;
    if (source !== undefined) {
      const m = new RegExp(source, 'u').exec(line);
      if (m && (!best || m.index < best.index)) best = { index: m.index, text: r.match ? m[0] : line.slice(m.index), name: r.name };
      return;
    }
    r.patterns?.forEach(visit);
  };
  visit(rule);
  return best && { text: best.text, name: best.name };
}

/** The regex with character classes blanked (`[*+]` is not a possessive quantifier); escapes kept. */
function outsideClasses(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      out += inClass ? '' : source.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (ch === ']') {
        inClass = false;
        out += 'C';
      }
    } else if (ch === '[') inClass = true;
    else out += ch;
  }
  return out;
}

const matches = (rule: string, line: string) => firstMatch(rule, line)?.text;

describe('privacy-policy grammar', () => {
  it('is wired into package.json with the scope name it declares', () => {
    const pkg = JSON.parse(read('package.json'));
    const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'privacy-policy');
    assert.ok(contributed, 'no grammar contributed for privacy-policy');
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.equal(contributed.path.replace(/^\.\//, ''), GRAMMAR_PATH);
    const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'privacy-policy');
    assert.deepEqual(language.extensions, ['.policy.md', '.policy.txt']);
    assert.ok(existsSync(root + language.configuration.replace(/^\.\//, '')), 'language configuration file missing');
    JSON.parse(read(language.configuration.replace(/^\.\//, '')));
  });

  it('resolves every include and names every matching rule', () => {
    const missing: string[] = [];
    const visit = (r: Rule, where: string) => {
      if (r.include?.startsWith('#') && !grammar.repository[r.include.slice(1)]) missing.push(`${where}: ${r.include}`);
      if (r.include && !r.include.startsWith('#') && r.include !== '$self' && r.include !== '$base') missing.push(`${where}: external ${r.include}`);
      r.patterns?.forEach((p, i) => visit(p, `${where}.patterns[${i}]`));
    };
    grammar.patterns.forEach((p, i) => visit(p, `patterns[${i}]`));
    for (const [k, r] of Object.entries(grammar.repository)) visit(r, k);
    assert.deepEqual(missing, []);
    for (const { where } of allRegexes(grammar, 'grammar')) assert.ok(!/undefined/.test(where));
  });

  it('uses only regex syntax that JavaScript (unicode mode) and Oniguruma share', () => {
    const regexes = allRegexes(grammar, 'grammar');
    assert.ok(regexes.length > 20, `only ${regexes.length} regexes found`);
    for (const { where, source } of regexes) {
      assert.doesNotThrow(() => new RegExp(source, 'u'), `${where}: ${source}`);
      const outside = outsideClasses(source);
      // Oniguruma-only constructs that JS would read differently or reject.
      assert.ok(!/\\[GAzZhH]|\(\?[imx-]+[:)]|\(\?>|[*+?}]\+/.test(outside), `${where} uses Oniguruma-only syntax: ${source}`);
    }
  });

  it('stays fast on long adversarial lines (no catastrophic backtracking)', () => {
    // Pasted policies have paragraphs of thousands of characters on one line; each shape below feeds
    // some rule a long run it can partly match and then fail on.
    const n = 4000;
    const lines = [
      'A'.repeat(n) + '.',
      '[' + 'A_'.repeat(n / 2),
      '[' + 'AB '.repeat(n / 3) + 'x',
      '{{' + 'a.'.repeat(n / 2),
      '1.'.repeat(n / 2) + ' We',
      'Art. 1' + '(1)'.repeat(n / 3) + 'x',
      '§1' + '.1'.repeat(n / 2),
      'a'.repeat(n) + '@' + 'b.'.repeat(n / 2),
      'https://' + 'a.'.repeat(n / 2) + '.',
      '**' + 'a '.repeat(n / 2),
      '*' + 'a*'.repeat(n / 2),
      ' '.repeat(n) + '#',
      'March ' + '1 '.repeat(n / 2),
      '<<' + '<'.repeat(n),
      '_'.repeat(n) + 'a',
      'SECTION ' + 'A '.repeat(n / 2) + '.',
    ];
    for (const { where, source } of allRegexes(grammar, 'grammar')) {
      const re = new RegExp(source, 'gu');
      const started = performance.now();
      for (const line of lines) {
        re.lastIndex = 0;
        // Scan the whole line as the tokenizer does, match after match.
        for (let guard = 0; guard < n * 2 && re.exec(line); guard++) if (re.lastIndex === 0) break;
      }
      const ms = performance.now() - started;
      assert.ok(ms < 250, `${where} took ${ms.toFixed(0)} ms on long lines: ${source}`);
    }
  });

  it('highlights Markdown and numbered headings, and ALL-CAPS title lines', () => {
    assert.equal(matches('heading-markdown', '## Children’s Privacy'), '## Children’s Privacy');
    assert.equal(matches('heading-markdown', '# Privacy Policy'), '# Privacy Policy');
    assert.equal(matches('heading-markdown', '####### seven is not a heading'), undefined);
    assert.equal(matches('heading-markdown', '#hashtag'), undefined);
    assert.equal(matches('heading-numbered', '9. Children’s Privacy'), '9. Children’s Privacy');
    assert.equal(matches('heading-numbered', '1.1 Personal Information'), '1.1 Personal Information');
    assert.equal(matches('heading-numbered', '10. Contact Us:'), '10. Contact Us:');
    assert.equal(matches('heading-numbered', 'Section 4 - Cookies'), 'Section 4 - Cookies');
    assert.equal(matches('heading-numbered', '1. We collect your name and email address.'), undefined);
    assert.equal(matches('heading-numbered', '2026 was a good year'), undefined);
    assert.equal(matches('heading-caps', 'CHILDREN’S PRIVACY'), 'CHILDREN’S PRIVACY');
    assert.equal(matches('heading-caps', 'YOUR RIGHTS (EEA AND UK)'), 'YOUR RIGHTS (EEA AND UK)');
    assert.equal(matches('heading-caps', 'TODO'), undefined);
    assert.equal(matches('heading-caps', 'We use cookies.'), undefined);
  });

  it('highlights placeholders: [COMPANY NAME], {{email}}, TODO, blanks', () => {
    assert.equal(matches('placeholder', 'Contact [COMPANY NAME] at'), '[COMPANY NAME]');
    assert.equal(matches('placeholder', 'collected: [LIST THE CATEGORIES YOU COLLECT, e.g. identifiers].'), '[LIST THE CATEGORIES YOU COLLECT, e.g. identifiers]');
    assert.equal(matches('placeholder', 'write to {{organization.email}} today'), '{{organization.email}}');
    assert.equal(matches('placeholder', 'write to {{ email }} today'), '{{ email }}');
    assert.equal(matches('placeholder', 'TODO: add the retention period'), 'TODO:');
    assert.equal(matches('placeholder', 'Effective date: ________'), '________');
    assert.equal(matches('placeholder', 'Call <<Company Phone>> now'), '<<Company Phone>>');
    assert.equal(matches('placeholder', 'see [Privacy Shield](https://example.com)'), undefined);
    assert.equal(matches('placeholder', 'see the [EU-U.S. Data Privacy Framework](https://example.com)'), undefined);
    assert.equal(matches('placeholder', '[GDPR]: https://eur-lex.europa.eu/'), undefined);
    assert.equal(matches('placeholder', '- [x] done'), undefined);
    assert.equal(matches('placeholder', 'snake_case_name and todo list'), undefined);
  });

  it('highlights legal citations', () => {
    assert.equal(matches('citation', 'as GDPR Art. 13(1)(a) requires'), 'Art. 13(1)(a)');
    assert.equal(matches('citation', 'under Article 6(1)(f) GDPR'), 'Article 6(1)(f)');
    assert.equal(matches('citation', 'Articles 15-22 give you rights'), 'Articles 15-22');
    assert.equal(matches('citation', 'Articles 15 and 21'), 'Articles 15 and 21');
    assert.equal(matches('citation', 'see Art. 13(1)(a) and 16 CFR §312.4'), 'Art. 13(1)(a)');
    assert.equal(matches('citation', 'required by §1798.130(a)(5).'), '§1798.130(a)(5)');
    assert.equal(matches('citation', 'Cal. Civ. Code § 1798.100 says'), 'Cal. Civ. Code § 1798.100');
    assert.equal(matches('citation', 'see 16 CFR §312.4 for notice'), '16 CFR §312.4');
    assert.equal(matches('citation', 'see 16 CFR 312.5(b)'), '16 CFR 312.5(b)');
    assert.equal(matches('citation', 'COPPA, 15 U.S.C. §6501'), '15 U.S.C. §6501');
    assert.equal(matches('citation', 'Regulation (EU) 2016/679 (GDPR)'), 'Regulation (EU) 2016/679');
    assert.equal(matches('citation', 'Directive 2002/58/EC'), 'Directive 2002/58/EC');
    assert.equal(matches('citation', 'see Recital 47'), 'Recital 47');
    assert.equal(matches('citation', 'DPA 2018 s.9 and PECR reg. 6'), 's.9');
    assert.equal(matches('citation', 'the art of privacy'), undefined);
    assert.equal(matches('citation', 'email james.9@example.com'), undefined);
  });

  it('highlights dates', () => {
    assert.equal(matches('date', 'Effective date: March 3, 2026'), 'March 3, 2026');
    assert.equal(matches('date', 'Last updated: Sept. 30, 2025.'), 'Sept. 30, 2025');
    assert.equal(matches('date', 'Last updated 3 March 2026'), '3 March 2026');
    assert.equal(matches('date', 'Updated 2026-03-03.'), '2026-03-03');
    assert.equal(matches('date', 'Updated 03/03/2026.'), '03/03/2026');
    assert.equal(matches('date', 'as of January 2026'), 'January 2026');
    assert.equal(matches('date', 'you may 3 times'), undefined);
    assert.equal(matches('date', 'version 2026-13-45'), undefined);
  });

  it('highlights emails and URLs, leaving trailing punctuation out', () => {
    assert.equal(matches('email', 'Write to privacy@example.com.'), 'privacy@example.com');
    assert.equal(matches('email', 'mailto:dpo@example.co.uk'), 'mailto:dpo@example.co.uk');
    assert.equal(matches('email', 'no at sign here'), undefined);
    assert.equal(matches('url', 'See https://example.com/privacy?x=1.'), 'https://example.com/privacy?x=1');
    assert.equal(matches('url', '[policy](https://example.com/privacy)'), 'https://example.com/privacy');
    assert.equal(matches('url', 'visit www.example.org, then'), 'www.example.org');
  });

  it('highlights suppression directives inside comments', () => {
    assert.equal(firstMatch('comment', '<!-- privacylint-disable-next-line children-age -- reason -->')?.name, 'comment.block.html.privacy-policy');
    const directive = grammar.repository.comment!.patterns![0]!;
    assert.match('privacylint-disable-next-line', new RegExp(directive.match!, 'u'));
  });
});
