// The consistency checks (issue 4): "we do not sell or share" against a passage that describes it,
// retention stated two ways, the quality of the last-updated date, malformed web addresses, children's
// ages that disagree, and the contact rule's malformed emails. Every text here is written for the test.
import assert from 'node:assert/strict';
import { Linter, mergeConfig, type ConfigInput, type Jurisdiction, type LintResult } from '../../server/src/engine/index.js';
import { findDates, parseDate } from '../../server/src/engine/rules/kinds/dates.js';
import { urlProblem } from '../../server/src/engine/rules/kinds/consistency-urls.js';

const TODAY = new Date(Date.UTC(2026, 10, 23));
const linter = new Linter();

function lint(text: string, jurisdictions: Jurisdiction[] | 'auto' = ['ccpa'], opts: { format?: 'markdown' | 'text'; today?: Date; config?: ConfigInput } = {}): LintResult {
  const format = opts.format ?? 'markdown';
  const config = mergeConfig({ ...opts.config, jurisdictions });
  return linter.lint({ uri: `t.${format === 'text' ? 'txt' : 'md'}`, text, format }, { config, today: opts.today ?? TODAY });
}

function codesOf(r: LintResult, ruleId: string): string[] {
  return r.findings.filter((f) => f.ruleId === ruleId).map((f) => f.code);
}

function lineOfFinding(r: LintResult, ruleId: string): number {
  const f = r.findings.find((x) => x.ruleId === ruleId)!;
  return r.doc.lines.lineAt(f.span.start) + 1;
}

describe('consistency checks', () => {
  describe('sale-share-contradiction', () => {
    const sale = (text: string, j: Jurisdiction[] | 'auto' = ['ccpa'], format: 'markdown' | 'text' = 'markdown') => codesOf(lint(text, j, { format }), 'sale-share-contradiction');

    it('reports a sell-or-share denial contradicted by named ad tech, at the denial, with the ad tech as evidence', () => {
      const text = '# Privacy Policy\n\nWe do not sell or share your personal information.\n\n## Advertising\n\nOur store uses the TikTok Pixel to measure campaigns.\n';
      const r = lint(text);
      assert.deepEqual(codesOf(r, 'sale-share-contradiction'), ['CCPA-SHARE-CONTRADICTION']);
      const f = r.findings.find((x) => x.ruleId === 'sale-share-contradiction')!;
      assert.equal(lineOfFinding(r, 'sale-share-contradiction'), 3);
      assert.match(f.message, /line 3.*line 7.*TikTok Pixel/);
      assert.match(f.message, /§1798\.140\(ah\)/);
      assert.match(f.message, /FTC Act/);
      assert.equal(f.severity, 'warning');
      assert.equal(r.doc.text.slice(f.evidence![0]!.start, f.evidence![0]!.end), 'TikTok Pixel');
    });

    for (const [name, admission] of [
      ['retargeting', 'We retarget people who visited our shop with ads on other websites.'],
      ['interest-based advertising', 'We and our partners use cookies to show you interest-based advertising.'],
      ['advertising partners\' cookies', 'Our advertising partners place cookies on our pages so they can show you our ads elsewhere.'],
      ['Google Ads', 'We use Google Ads remarketing lists to reach past customers.'],
      ['a "may be considered sharing" admission elsewhere', 'Our ad networks receive device identifiers for targeted advertising.'],
    ] as const) {
      it(`finds sharing for cross-context advertising: ${name}`, () => {
        assert.deepEqual(sale(`# Privacy Policy\n\n## California\n\nWe do not and will not sell or share personal information.\n\n## Ads\n\n${admission}\n`), ['CCPA-SHARE-CONTRADICTION']);
      });
    }

    it('a share denial tied to cross-context advertising counts without "sell"', () => {
      assert.deepEqual(sale('# Policy\n\nWe do not share your personal information for cross-context behavioral advertising.\n\nWe use the Meta Pixel on our checkout page.\n'), ['CCPA-SHARE-CONTRADICTION']);
    });

    it('reports a sell denial contradicted by a sale, including "may be considered a sale"', () => {
      assert.deepEqual(sale('# Policy\n\nWe never sell your personal data.\n\n## Partners\n\nWe may sell your contact details to marketing companies.\n'), ['CCPA-SELL-CONTRADICTION']);
      assert.deepEqual(sale('Privacy Policy\n\nWe do not sell personal information.\n\nDisclosing device identifiers to our analytics vendors may be considered a "sale" under California law.\n', ['ccpa'], 'text'), [
        'CCPA-SELL-CONTRADICTION',
      ]);
    });

    it('reports both contradictions when both are there', () => {
      const text = '# Policy\n\nWe do not sell, rent or share your personal information.\n\nWe sell customer lists to data brokers. We also use retargeting on social media.\n';
      assert.deepEqual(sale(text).sort(), ['CCPA-SELL-CONTRADICTION', 'CCPA-SHARE-CONTRADICTION']);
    });

    it('a sell-only denial is not contradicted by sharing for advertising (that is the ccpa-notice rule\'s business)', () => {
      assert.deepEqual(sale('# Policy\n\nWe do not sell your personal information.\n\nWe use the Meta Pixel to show you our ads on Facebook.\n'), []);
    });

    for (const [name, denial] of [
      ['qualified by "except"', 'We do not sell or share your personal information except as described in the Advertising section.'],
      ['qualified by "for money"', 'We do not sell or share personal information for money.'],
      ['about consumers under 16', 'We do not sell or share the personal information of consumers we know to be under 16.'],
      ['about sensitive personal information', 'We do not sell or share sensitive personal information.'],
      ['conditional on consent', 'We will never sell or share your personal data without your consent.'],
      ['the name of the opt-out link', 'Use the "Do Not Sell or Share My Personal Information" link in the footer to opt out.'],
      ['by someone else', 'Our service providers do not sell or share personal information they process for us.'],
      ['about products', 'We do not sell or share products made by other brands.'],
    ] as const) {
      it(`no finding when the denial is ${name}`, () => {
        assert.deepEqual(sale(`# Policy\n\n${denial}\n\n## Ads\n\nWe use the Meta Pixel and retargeting to show you our ads on other websites.\n`), []);
      });
    }

    for (const [name, passage] of [
      ['a negated practice', 'We do not use retargeting, and we do not allow advertising partners to place cookies on our site.'],
      ['the reader\'s rights described', 'Depending on your state, you may have the right to opt out of targeted advertising.'],
      ['a definition', '"Targeted advertising" means showing ads based on activity across other services.'],
      ['a hypothetical', 'If we ever use targeted advertising, we will update this policy first.'],
      ['another company\'s practice', 'We link to social networks; because these services use behavioral targeting in their business, we do not embed their widgets.'],
      ['partners who are a source of data', 'We receive contact details from business partners who may provide us with leads, including advertising networks.'],
      ['the company\'s own ads product for advertisers', 'If you buy ads through Harbour Ads, our self-serve ads platform, we collect your billing details.'],
      ['contextual ads', 'We show ads based only on the page you are reading, never on your activity elsewhere.'],
    ] as const) {
      it(`no finding for ${name}`, () => {
        assert.deepEqual(sale(`# Policy\n\nWe do not sell or share your personal information.\n\n${passage}\n`), []);
      });
    }

    it('runs under the US profiles only (and the CCPA when named)', () => {
      const text = '# Policy\n\nWe do not sell or share your personal information.\n\nWe use the Meta Pixel.\n';
      assert.deepEqual(sale(text, ['gdpr']), []);
      assert.deepEqual(sale(text, ['caloppa']), ['CCPA-SHARE-CONTRADICTION']);
      assert.deepEqual(sale(`${text}\nCalifornia residents have rights under the CCPA.\n`, 'auto'), ['CCPA-SHARE-CONTRADICTION']);
    });

    it('the clauses privacy-lint inserts do not contradict a policy without ad tech', () => {
      const fixed = linter.fix({ uri: 't.md', text: '# Privacy Policy\n\nCalifornia residents: we collect your email address.\n', format: 'markdown' }, { config: mergeConfig({ jurisdictions: ['ccpa'] }), today: TODAY });
      assert.deepEqual(codesOf(fixed.result, 'sale-share-contradiction'), []);
    });
  });

  describe('retention-consistency', () => {
    const ret = (text: string, format: 'markdown' | 'text' = 'markdown') => codesOf(lint(text, ['gdpr'], { format }), 'retention-consistency');

    it('reports two periods for the same data counted from the same event, at the second one', () => {
      const text = '# Policy\n\n## Closing your account\n\nWe delete your account data within 30 days after you close your account.\n\n## Retention\n\nWe retain account information for 6 months after account closure.\n';
      const r = lint(text, ['gdpr']);
      assert.deepEqual(codesOf(r, 'retention-consistency'), ['RETENTION-CONFLICT']);
      assert.equal(lineOfFinding(r, 'retention-consistency'), 9);
      const f = r.findings.find((x) => x.ruleId === 'retention-consistency')!;
      assert.match(f.message, /account data.*"30 days" \(line 5\).*"6 months" \(line 9\)/);
      assert.equal(f.evidence!.length, 2);
    });

    it('reports "indefinitely" against a fixed period', () => {
      assert.deepEqual(ret('Privacy Notice\n\nRetention\nWe keep server logs indefinitely.\n\nSecurity\nServer logs are stored for 12 months.\n', 'text'), ['RETENTION-INDEFINITE-CONFLICT']);
    });

    it('finds the second period wherever it is, not only in the retention section', () => {
      assert.deepEqual(ret('# Policy\n\n## Retention\n\nWe keep server logs for 30 days.\n\n## Contact\n\nEmail privacy@harbour.test. Server logs are retained for two years.\n'), ['RETENTION-CONFLICT']);
    });

    it('compares whole statements about personal information in general', () => {
      assert.deepEqual(ret('# Policy\n\n## Retention\n\nWe keep your personal data for two years.\n\n## Your rights\n\nWe store your personal data for five years and then erase it.\n'), ['RETENTION-CONFLICT']);
    });

    it('an exact period above a stated maximum disagrees; below it does not', () => {
      assert.deepEqual(ret('# Policy\n\n## Retention\n\nServer logs are kept for no longer than 90 days.\n\nWe retain server logs for one year.\n'), ['RETENTION-CONFLICT']);
      assert.deepEqual(ret('# Policy\n\n## Retention\n\nServer logs are kept for no longer than 90 days.\n\nWe retain server logs for 30 days.\n'), []);
    });

    for (const [name, text] of [
      ['different kinds of data', '# Policy\n\n## Retention\n\nWe keep account data for 30 days after you close your account. Server logs are kept for 90 days. Payment records are kept for seven years.\n'],
      ['the same period in other units', '# Policy\n\n## Retention\n\nWe keep server logs for 12 months.\n\n## Security\n\nServer logs are retained for one year.\n'],
      ['different starting events', '# Policy\n\n## Retention\n\nWe delete your personal data 30 days after you close your account.\n\nIf you do not log in for 2 years, we delete your personal data.\n'],
      ['a period with a legal exception', '# Policy\n\n## Retention\n\nWe keep your personal data for 2 years.\n\nWe keep your personal data for 10 years where required by law.\n'],
      ['anonymised data kept indefinitely', '# Policy\n\n## Retention\n\nWe keep your personal data for 2 years. After that we may keep anonymised statistics indefinitely.\n'],
      ['cookie lifetimes', '# Policy\n\n## Cookies\n\nThe session cookie is stored for 1 day. The analytics cookie is stored for 2 years.\n'],
      ['different kinds of logs', '# Policy\n\n## Retention\n\nServer logs are kept for 30 days.\n\nAudit logs are kept for 5 years.\n'],
      ['data anonymised and then used indefinitely', '# Policy\n\n## Retention\n\nWe keep your personal data for 2 years.\n\nWe may anonymise your personal data for research and use it indefinitely.\n'],
      ['a deletion request deadline', '# Policy\n\n## Retention\n\nWe keep your personal data for 2 years.\n\nIf you ask us to delete your personal data, we respond within 30 days.\n'],
      ['two periods in one sentence (a distinction the sentence itself makes)', '# Policy\n\n## Retention\n\nWe keep server logs for 30 days, and security logs for 1 year.\n\nServer logs are kept for 30 days.\n'],
    ] as const) {
      it(`no finding for ${name}`, () => assert.deepEqual(ret(text), []));
    }
  });

  describe('dates: parsing', () => {
    const iso = (s: string) => parseDate(s)?.date.toISOString().slice(0, 10) ?? null;
    it('reads the usual forms, European dotted and day-first dates, and two-digit years', () => {
      assert.equal(iso('Last updated: March 4, 2026'), '2026-03-04');
      assert.equal(iso('Last updated: 4th of March 2026'), '2026-03-04');
      assert.equal(iso('Stand: 15.01.2025'), '2025-01-15');
      assert.equal(iso('Updated 13/04/2024'), '2024-04-13');
      assert.equal(iso('Updated 04/13/2024'), '2024-04-13');
      assert.equal(iso('Effective 1/15/24'), '2024-01-15');
      assert.equal(iso('Last revised 16-OCT-2023'), '2023-10-16');
      assert.equal(iso('Version 2025/02/01'), '2025-02-01');
      assert.equal(iso('Updated in March, 2024'), '2024-03-01');
    });
    it('gives no date for shapes that are not real dates, but finds them', () => {
      assert.equal(parseDate('February 30, 2024'), null);
      assert.equal(parseDate('2024-13-01'), null);
      assert.deepEqual(findDates('February 30, 2024').map((d) => d.date), [null]);
    });
  });

  describe('last-updated-date', () => {
    const dq = (text: string, j: Jurisdiction[] | 'auto' = ['ccpa'], opts: { format?: 'markdown' | 'text'; today?: Date; config?: ConfigInput } = {}) => codesOf(lint(text, j, opts), 'last-updated-date');

    it('CCPA-STALE after 12 months under the CCPA, and only there', () => {
      const text = '# Privacy Policy\n\nLast updated: 22 November 2025\n\nWe collect your email address.\n';
      assert.deepEqual(dq(text), ['CCPA-STALE']);
      assert.deepEqual(dq(text, ['gdpr']), []);
      assert.deepEqual(dq(text, ['caloppa']), []);
      assert.deepEqual(dq(text.replace('22 November', '24 November')), []);
      const r = lint(text);
      const f = r.findings.find((x) => x.ruleId === 'last-updated-date')!;
      assert.equal(f.severity, 'error');
      assert.match(f.message, /2025-11-22 \(line 3\), 12 months ago.*§1798\.130\(a\)\(5\)/);
    });

    it('judges staleness by the most recent date when a policy gives several', () => {
      assert.deepEqual(dq('# Privacy Policy\n\nEffective date: January 1, 2020. Last updated: June 1, 2026.\n\nWe collect your email address.\n'), []);
    });

    it('ccpa-notice no longer reports a stale date as a missing one', () => {
      const r = lint('# Privacy Policy\n\nLast updated: 1 March 2023\n\n## California residents\n\nWe do not sell or share personal information.\n');
      assert.ok(!codesOf(r, 'ccpa-notice').includes('CCPA-NO-DATE'), codesOf(r, 'ccpa-notice').join(', '));
      assert.deepEqual(codesOf(r, 'last-updated-date'), ['CCPA-STALE']);
      const none = lint('# Privacy Policy\n\n## California residents\n\nWe do not sell or share personal information.\n');
      assert.ok(codesOf(none, 'ccpa-notice').includes('CCPA-NO-DATE'));
    });

    it('DATE-FUTURE for a last-updated date in the future, not for an announced effective date', () => {
      assert.deepEqual(dq('# Policy\n\nLast updated: 1 December 2026\n\nText.\n', ['gdpr']), ['DATE-FUTURE']);
      assert.deepEqual(dq('# Policy\n\nLast updated: 24 November 2026\n\nText.\n', ['gdpr']), [], 'one day of grace for time zones');
      assert.deepEqual(dq('# Policy\n\nLast updated: 2 October 2026. This version takes effect on the effective date: 1 January 2027.\n\nText.\n', ['gdpr']), []);
      assert.deepEqual(dq('# Policy\n\nEffective date: 1 January 2027\n\nText.\n', ['gdpr']), ['DATE-FUTURE']);
    });

    it('DATE-UNPARSEABLE for an impossible date or a label with something else than a date', () => {
      assert.deepEqual(dq('# Policy\n\nLast updated: February 30, 2026\n\nText.\n', ['gdpr']), ['DATE-UNPARSEABLE']);
      assert.deepEqual(dq('Privacy Notice\nLast updated: Summer 2026\n\nText.\n', ['gdpr'], { format: 'text' }), ['DATE-UNPARSEABLE']);
      assert.deepEqual(dq('Privacy Notice\nEffective date: 2026\n\nText.\n', ['gdpr'], { format: 'text' }), ['DATE-UNPARSEABLE']);
    });

    it('leaves placeholders to unfilled-placeholder and prose to itself', () => {
      assert.deepEqual(dq('# Policy\n\nLast updated: [DATE]\n\nText.\n', ['gdpr']), ['DATE-MISSING']);
      assert.deepEqual(dq('# Policy\n\nUpdated: we now explain how we use cookies.\n\nText.\n', ['gdpr']), ['DATE-MISSING']);
    });

    it('DATE-MISSING only where neither CalOPPA nor the CCPA applies (effective-date reports it there), as information', () => {
      const text = '# Privacy Notice\n\nWe process your name to run your membership.\n';
      const r = lint(text, ['gdpr']);
      assert.deepEqual(codesOf(r, 'last-updated-date'), ['DATE-MISSING']);
      const f = r.findings.find((x) => x.ruleId === 'last-updated-date')!;
      assert.equal(f.severity, 'info');
      assert.match(f.message, /GDPR Art\. 12\(1\)/);
      assert.doesNotMatch(f.message, /CCPA|CalOPPA/);
      assert.deepEqual(dq(text, ['ccpa']), []);
      assert.deepEqual(dq(text, ['caloppa']), []);
      assert.deepEqual(dq(text, ['gdpr'], { config: { rules: { 'effective-date': 'off' } } }), []);
    });
  });

  describe('malformed-url', () => {
    it('urlProblem accepts real addresses', () => {
      for (const u of ['https://harbour-books.test/privacy', 'http://localhost:8080/x', 'https://192.168.1.10/a', 'www.harbour-books.test/help', 'https://bücher.example.de/datenschutz', 'https://a.b.co.uk/p?q=1#f', 'https://xn--bcher-kva.de']) {
        assert.equal(urlProblem(u), null, u);
      }
    });
    it('urlProblem names what is wrong', () => {
      assert.match(urlProblem('http//harbour.test')!, /must start with/);
      assert.match(urlProblem('https:/harbour.test')!, /must start with/);
      assert.match(urlProblem('htps://harbour.test')!, /must start with/);
      assert.match(urlProblem('https://harbour')!, /no top-level domain/);
      assert.match(urlProblem('www.harbour')!, /no top-level domain/);
      assert.match(urlProblem('https://harbour..test')!, /empty part/);
      assert.match(urlProblem('https://harbour.t')!, /not a top-level domain/);
    });

    const url = (text: string, format: 'markdown' | 'text' = 'markdown') => lint(text, 'auto', { format }).findings.filter((f) => f.ruleId === 'malformed-url');

    it('reports the address without the sentence punctuation around it', () => {
      const fs = url('Privacy Policy\n\nSend requests to (https://harbour/requests). Or see https:/harbour.test/help.\n', 'text');
      assert.deepEqual(fs.map((f) => f.code), ['URL-MALFORMED', 'URL-MALFORMED']);
      assert.match(fs[0]!.message, /"https:\/\/harbour\/requests"/);
      assert.match(fs[1]!.message, /"https:\/harbour\.test\/help"/);
    });

    it('says nothing about protocol names, emails, placeholders or well-formed links', () => {
      const fs = url('# Policy\n\nWe use HTTPS and HTTP/2. Mail privacy@www.harbour.test. Visit [our portal](https://harbour.test/portal), <https://harbour.test/a_(b)>, https://[YOUR-DOMAIN]/privacy or {{website}}.\n');
      assert.deepEqual(fs.map((f) => f.message), []);
    });

    it('reports empty Markdown links but not images or anchors with a target', () => {
      const fs = url('# Policy\n\nUse [the request form]() or [this page](#) or [javascript](javascript:void(0)). See [section 2](#section-2) and ![logo]().\n');
      assert.deepEqual(fs.map((f) => f.code), ['LINK-EMPTY', 'LINK-EMPTY', 'LINK-EMPTY']);
      assert.equal(fs[0]!.severity, 'warning');
    });
  });

  describe('children-age: ages that disagree', () => {
    const ages = (text: string, format: 'markdown' | 'text' = 'markdown') =>
      codesOf(lint(text, ['coppa'], { format }), 'children-age').filter((c) => c === 'CHILD-AGE-INCONSISTENT');

    for (const [name, text] of [
      ['two "children under N" thresholds', 'Children\nOur service is not directed to children under 13. We do not knowingly collect personal information from anyone under 16.\n'],
      ['two minimum ages', 'Age\nYou must be at least 16 to use the app.\n\nAccounts\nYou must be 18 or older to create an account and use the app.\n'],
      ['a children\'s threshold and a different teenage minimum', 'Children\nThe app is not meant for children under 13.\n\nAccounts\nYou must be at least 16 years old to open an account.\n'],
      ['a minimum age below the children\'s threshold', 'Age\nYou must be 13 or older to use the app. If we learn that we collected personal information from a child under 16, we delete it.\n'],
    ] as const) {
      it(`reports ${name}`, () => assert.deepEqual(ages(`Privacy Policy\n\n${text}`, 'text'), ['CHILD-AGE-INCONSISTENT']));
    }

    for (const [name, text] of [
      ['an adult minimum and a COPPA statement', 'Age\nYou must be at least 18 to register. The service is not directed to children under 13.\n'],
      ['teenagers with a parent\'s consent', 'Children\nChildren under 13 may not use the service. Teens between 13 and 17 need the consent of a parent or guardian.\n'],
      ['minors allowed with a parent\'s involvement', 'Children\nIf you are under 18, you may use the service only with the involvement of a parent or guardian. We do not knowingly collect personal information from children under 13.\n'],
      ['the CCPA opt-in age', 'Children\nThe service is not directed to children under 13. We do not sell or share the personal information of consumers under 16.\n'],
      ['ages tied to places', 'Children\nThe service is not directed to children under 13 in the United States or under 16 in the EEA.\n'],
      ['what parents of minors may do', 'Children\nWe do not knowingly collect personal information from children under 13. A parent of a student under 18 may review the student\'s account.\n'],
      ['an age band for juniors', 'Members\nMembers must be 16 or over. Juniors aged 14 and 15 may join supervised sessions if a parent signs them up.\n'],
    ] as const) {
      it(`no finding for ${name}`, () => assert.deepEqual(ages(`Privacy Policy\n\n${text}`, 'text'), []));
    }
  });

  describe('contact: malformed email addresses', () => {
    const bad = (text: string) => codesOf(lint(`# Policy\n\n## Contact\n\n${text}\n`, 'auto'), 'contact').filter((c) => c === 'CONTACT-MALFORMED-EMAIL');
    it('reports an address with no domain, a double dot or a one-letter top-level domain', () => {
      assert.deepEqual(bad('Email privacy@harbour with questions.'), ['CONTACT-MALFORMED-EMAIL']);
      assert.deepEqual(bad('Email privacy@harbour..test with questions.'), ['CONTACT-MALFORMED-EMAIL']);
      assert.deepEqual(bad('Email privacy@harbour.t with questions.'), ['CONTACT-MALFORMED-EMAIL']);
    });
    it('accepts real addresses, mailto links and social handles', () => {
      assert.deepEqual(bad('Email [privacy@harbour.test](mailto:privacy@harbour.test) or find us as @harbourbooks.'), []);
    });
  });
});
