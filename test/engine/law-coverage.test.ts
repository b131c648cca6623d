// The law catalogue beyond the headline checks: jurisdiction profiles and how they are inferred from
// the text, conditions written as data (`when`), element findings left out when their topic is absent,
// the audience switch between the COPPA direct notice and the general-audience statement, and
// pinning a rules edition. Every rule's own examples run in rule-examples.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, JURISDICTIONS, builtinCatalogue, parseConfigText } from '../../server/src/engine/index.js';
import { parseArgs, UsageError } from '../../server/src/cli/args.js';
import { SIGNALS, SIGNAL_GUARDS } from '../../server/src/engine/rules/applicability.js';
import { codes, lint } from '../helpers/lint.js';
import { REPO } from '../property/properties.js';

const RULE_IDS = builtinCatalogue().rules.map((r) => r.id);

describe('law coverage', () => {
  describe('jurisdiction profiles', () => {
    it('config and the CLI accept the new profiles', () => {
      for (const j of ['us-states', 'lgpd', 'pipeda', 'app', 'appi']) assert.ok((JURISDICTIONS as readonly string[]).includes(j), j);
      assert.deepEqual(parseConfigText('{"jurisdictions":["lgpd","pipeda","app","appi","us-states"]}', 'a.json', RULE_IDS).jurisdictions, ['lgpd', 'pipeda', 'app', 'appi', 'us-states']);
      assert.deepEqual(parseArgs(['--jurisdiction', 'us-states,appi', 'p.md']).jurisdictions, ['us-states', 'appi']);
      assert.throws(() => parseArgs(['--jurisdiction', 'lgdp', 'p.md']), UsageError);
    });

    it('every profile has a coverage-matrix entry in rules/laws.yaml', () => {
      const laws = builtinCatalogue().laws;
      for (const j of JURISDICTIONS) assert.ok(laws[j] && Object.keys(laws[j].topics).length > 0, `laws.yaml has no topics for ${j}`);
    });

    const inferred: Array<[string, string, RegExp]> = [
      ['us-states', 'Residents of Virginia, Colorado and Connecticut may ask us to delete their data.', /Residents of Virginia/],
      ['us-states', 'If you are a resident of California, Virginia or Oregon, you have certain rights.', /resident of California, Virginia/],
      ['us-states', 'Depending on state privacy laws, you may have more rights.', /state privacy laws/],
      ['lgpd', 'We process data in line with the LGPD.', /LGPD/],
      ['lgpd', '## If you live in Brazil\n\nYou have rights over your data.', /you live in Brazil/],
      ['pipeda', 'This policy follows PIPEDA.', /PIPEDA/],
      ['app', 'We are bound by the Australian Privacy Principles.', /Australian Privacy Principles/],
      ['appi', 'We handle personal information under the APPI.', /APPI/],
      ['gdpr', 'If you are in the EEA, you can object to our processing.', /you are in the EEA/],
      ['uk-gdpr', 'Users in the EEA and the UK have extra rights.', /UK/],
    ];
    for (const [j, sentence, why] of inferred) {
      it(`infers ${j} from "${sentence.replace(/\n/g, ' ').slice(0, 40)}…" and says why`, () => {
        const r = lint(`# Privacy Policy\n\n${sentence}\n`);
        const active = r.applicability.get(j as (typeof JURISDICTIONS)[number]);
        assert.ok(active, `${j} not inferred; got ${[...r.applicability.keys()].join(', ')}`);
        assert.match(active!.reason, why);
        assert.match(active!.reason, /\(line \d+\)/);
      });
    }

    const notInferred: Array<[string, string]> = [
      ['us-states', 'Our office is at 500 Congress Avenue, Austin, Texas.'],
      ['uk-gdpr', 'You can complain to the Office of the Australian Information Commissioner.'],
      ['gdpr', 'We take part in the EU-U.S. Data Privacy Framework.'],
      ['gdpr', 'We receive transfers from the EEA to the United States.'],
      ['app', 'Residents of Australia can find child-safety resources at esafety.gov.au.'],
      ['lgpd', 'We sell coffee beans from Brazil.'],
    ];
    for (const [j, sentence] of notInferred) {
      it(`does not infer ${j} from "${sentence.slice(0, 50)}…"`, () => {
        const r = lint(`# Privacy Policy\n\n${sentence}\n`);
        assert.ok(!r.applicability.has(j as (typeof JURISDICTIONS)[number]), `${j}: ${r.applicability.get(j as (typeof JURISDICTIONS)[number])?.reason}`);
      });
    }

    it('a signal never matches where its guard does not (the guard only skips paragraphs that cannot match)', () => {
      // One phrase per alternative of every signal, then every paragraph of the labelled corpus and our own.
      const phrases = [
        'the GDPR', 'General Data Protection Regulation', 'the data controller', 'a supervisory authority', 'data subjects in the EU',
        'Residents of the European Union', 'users located in Europe', 'EEA residents', 'EU citizens have rights',
        'the UK GDPR', 'United Kingdom GDPR', 'the Information Commissioner', 'the ICO', 'Data Protection Act 2018', 'users in the EEA or the UK', 'UK residents', 'the EU and UK',
        'California residents', 'the CCPA', 'the CPRA', 'COPPA', 'Children’s Online Privacy Protection Act', 'CalOPPA', 'Online Privacy Protection Act', 'in the United States', 'U.S. users', 'the USA', 'Do Not Track',
        'Virginia Consumer Data Protection Act', 'the VCDPA', 'the TDPSA', 'Residents of the state of Oregon', 'Residents of Utah', 'Texas and Colorado residents', 'US state privacy laws', 'residents of certain states such as Iowa', 'state consumer privacy laws',
        'the LGPD', 'Lei Geral de Proteção de Dados', 'the ANPD', 'Autoridade Nacional de Proteção de Dados', 'our Encarregado', 'users in Brazil have privacy rights', 'Brazilian users',
        'PIPEDA', 'Personal Information Protection and Electronic Documents Act', 'the Privacy Commissioner of Canada', 'priv.gc.ca', 'Canadian privacy laws', 'residents of Canada have rights',
        'Australian Privacy Principles', 'Privacy Act 1988', 'the APPs', 'Office of the Australian Information Commissioner', 'the OAIC', 'users in Australia have privacy rights',
        'the APPI', 'Act on the Protection of Personal Information', 'Personal Information Protection Commission, Japan', 'Japan’s Personal Information Protection Commission', 'people in Japan have rights',
      ];
      const paragraphs = [...phrases];
      for (const dir of ['../shared/corpus/seeds', '../shared/corpus/public', 'test/corpus/own', 'examples']) {
        const abs = join(REPO, dir);
        if (!existsSync(abs)) continue;
        for (const f of readdirSync(abs)) if (/\.(md|txt)$/.test(f)) paragraphs.push(...readFileSync(join(abs, f), 'utf8').split(/\n[ \t]*\n/));
      }
      const hits = new Set<string>();
      for (const p of paragraphs) {
        for (const j of JURISDICTIONS) {
          if (!SIGNALS[j].test(p)) continue;
          hits.add(j);
          assert.ok(SIGNAL_GUARDS[j].test(p), `${j}: the guard skips "${p.slice(0, 120)}"`);
        }
      }
      assert.deepEqual([...hits].sort(), [...JURISDICTIONS].sort(), 'every signal was exercised');
    });

    it('findings of the new rules say why their law applies', () => {
      const r = lint('# Privacy Policy\n\nWe follow the Australian Privacy Principles. We collect your name to process orders.\n');
      const f = r.findings.find((x) => x.ruleId === 'app-notice');
      assert.ok(f, codes(r).join(', '));
      assert.equal(f!.appliesBecause, 'Australian Privacy Principles applies: the policy mentions "Australian Privacy Principles" (line 3)');
    });
  });

  describe('conditions and suppression', () => {
    it('IF-DPO: a named DPO without a channel is reported at the line that names them', () => {
      const text = '# Privacy Policy\n\nThis notice follows the GDPR.\n\n## Our DPO\n\nWe have appointed a data protection officer.\n\n## Contact\n\nEmail hello@lumen.test.\n';
      const f = lint(text).findings.find((x) => x.ruleId === 'dpo-named-contact');
      assert.ok(f);
      assert.match(f!.message, /^The policy names a Data Protection Officer \(line 5\) but gives no way to contact them/);
      const withMail = lint(text.replace('officer.', 'officer, reachable at dpo@lumen.test.'));
      assert.deepEqual(codes(withMail, 'dpo-named-contact'), []);
    });

    it('IF-LI: legitimate interests need the interest only when they are relied on', () => {
      const bare = lint('# Privacy Policy\n\nWe follow the GDPR. Some processing is based on our legitimate interests.\n');
      assert.ok(codes(bare, 'gdpr-notice-items').includes('gdpr-notice-items:LB-LI-NO-INTEREST'));
      const none = lint('# Privacy Policy\n\nWe follow the GDPR. We process your data to run your account.\n');
      assert.ok(!codes(none, 'gdpr-notice-items').includes('gdpr-notice-items:LB-LI-NO-INTEREST'));
    });

    it('a missing topic gets its presence finding, not one finding per element', () => {
      const r = lint('# Privacy Policy\n\nWe follow the GDPR. We collect your email address to run your account.\n');
      assert.ok(codes(r).includes('rights:ABSENT'));
      assert.deepEqual(codes(r, 'gdpr-rights-items'), []);
      assert.ok(codes(r).includes('retention:ABSENT'));
      assert.deepEqual(codes(r, 'retention-period'), []);
    });

    it('"as long as necessary" alone is not a retention period', () => {
      const r = lint('# Privacy Policy\n\nWe follow the GDPR.\n\n## Retention\n\nWe keep personal data as long as necessary.\n');
      const f = r.findings.find((x) => x.ruleId === 'retention-period');
      assert.equal(f?.code, 'RETENTION-NO-PERIOD');
      assert.match(f!.message, /^The retention passage \(line 5\) gives no period and no criteria/);
    });

    it('Texas: selling sensitive data needs the statutory notice word for word', () => {
      const sells = '# Privacy Policy\n\n## Texas residents\n\nWe may sell sensitive personal data to data partners.\n';
      assert.ok(codes(lint(sells), 'texas-sale-notices').includes('texas-sale-notices:TX-NO-SENSITIVE-SALE-NOTICE'));
      const noticed = sells.replace('# Privacy Policy\n', '# Privacy Policy\n\nNOTICE: We may sell your sensitive personal data.\n');
      assert.deepEqual(codes(lint(noticed), 'texas-sale-notices'), []);
      assert.deepEqual(codes(lint(sells.replace('We may sell', 'We do not sell')), 'texas-sale-notices'), []);
    });
  });

  describe('audience profile (COPPA)', () => {
    const general = '# Privacy Policy\n\n## Children\n\nOur app is not directed to children under 13.\n';

    it('a general-audience policy gets the general-audience statement items', () => {
      const r = lint(general, { config: { jurisdictions: ['coppa'] } });
      assert.ok(codes(r, 'children-general-audience').includes('children-general-audience:CHILD-NO-KNOWING'));
      assert.deepEqual(codes(r, 'coppa-direct-notice'), []);
    });

    it('audience: child-directed in config turns on the direct-notice items instead', () => {
      const r = lint(general, { config: { jurisdictions: ['coppa'], audience: 'child-directed' } });
      assert.deepEqual(codes(r, 'children-general-audience'), []);
      const f = r.findings.find((x) => x.ruleId === 'coppa-direct-notice' && x.code === 'COPPA-NO-OPERATOR-CONTACT');
      assert.ok(f, codes(r).join(', '));
      assert.match(f!.message, /the configuration says the audience is child-directed/);
    });

    it('the text can make the service child-directed, and the message says where', () => {
      const r = lint('# Privacy Policy\n\nStarling Sums is a maths game designed for children.\n\nWe collect game scores from children.\n', { config: { jurisdictions: ['coppa'] } });
      const f = r.findings.find((x) => x.ruleId === 'coppa-direct-notice');
      assert.ok(f);
      assert.match(f!.message, /the policy describes a service for children \(line 3\)/);
    });

    it('"mixed" is accepted as child-directed; bad values name the key', () => {
      assert.equal(parseConfigText('audience: mixed\n', 'c.yaml', RULE_IDS).audience, 'child-directed');
      assert.throws(() => parseConfigText('{"audience":"kids-only"}', 'a.json', RULE_IDS), (e: unknown) => e instanceof ConfigError && /"audience": must be one of/.test(e.message));
    });
  });

  describe('rules edition', () => {
    const ccpa = '# Privacy Policy\n\n## California\n\nUnder the CCPA you have the right to know and the right to delete.\n';

    it('validates rulesEdition as a real YYYY-MM-DD date', () => {
      assert.equal(parseConfigText('{"rulesEdition":"2024-02-29"}', 'a.json', RULE_IDS).rulesEdition, '2024-02-29');
      for (const bad of ['"2023-02-29"', '"2024-13-01"', '"01/02/2024"', '20240101']) {
        assert.throws(() => parseConfigText(`{"rulesEdition":${bad}}`, 'a.json', RULE_IDS), (e: unknown) => e instanceof ConfigError && /"rulesEdition": must be a date/.test(e.message), bad);
      }
    });

    it('leaves out rules whose law took effect after the pinned edition', () => {
      assert.ok(codes(lint(ccpa, { config: { jurisdictions: ['ccpa'] } }), 'ccpa-notice').length > 0);
      const pinned = lint(ccpa, { config: { jurisdictions: ['ccpa'], rulesEdition: '2022-12-31' } });
      assert.deepEqual(codes(pinned, 'ccpa-notice'), [], 'the CPRA notice rule (since 2023-01-01) must be off');
      assert.ok(codes(pinned).length > 0, 'older rules still run');
    });

    it('leaves out single items whose provision is later than the edition', () => {
      const kids = '# Privacy Policy\n\nStarling Sums is a maths game designed for children.\n';
      const now = lint(kids, { config: { jurisdictions: ['coppa'] } });
      assert.ok(codes(now, 'coppa-direct-notice').includes('coppa-direct-notice:COPPA-NO-RETENTION-POLICY'));
      const before = lint(kids, { config: { jurisdictions: ['coppa'], rulesEdition: '2025-01-01' } });
      assert.ok(!codes(before, 'coppa-direct-notice').includes('coppa-direct-notice:COPPA-NO-RETENTION-POLICY'), 'the 2025 retention item is later than the edition');
      assert.ok(codes(before, 'coppa-direct-notice').includes('coppa-direct-notice:COPPA-NO-OPERATOR-CONTACT'), 'the 2013 items stay');
    });

    it('every rule and element since is a valid date', () => {
      for (const r of builtinCatalogue().rules) {
        for (const s of [r.since, ...(r.elements ?? []).map((e) => e.since)]) if (s) assert.match(s, /^\d{4}-\d{2}-\d{2}$/, r.id);
      }
    });
  });
});
