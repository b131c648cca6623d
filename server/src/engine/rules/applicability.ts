// Which laws apply to a policy: the configured jurisdictions, or, when the config says "auto",
// the ones the text itself points to (a policy that names the GDPR or the EEA gets the GDPR checks).
// Each active jurisdiction carries the reason, so a finding can say why its rule applies.

import type { TextMemo } from '../document/memo.js';
import type { PolicyDocument } from '../document/model.js';
import type { Jurisdiction } from '../types.js';

export interface ActiveJurisdiction {
  id: Jurisdiction;
  /** "configured", or what in the text triggered it, e.g. 'the policy mentions "GDPR" (line 12)'. */
  reason: string;
  line: number | null;
}

export type Applicability = Map<Jurisdiction, ActiveJurisdiction>;

const US_STATES =
  'Virginia|Colorado|Connecticut|Utah|Texas|Oregon|Montana|Iowa|Indiana|Tennessee|Delaware|New Jersey|New Hampshire|Nebraska|Kentucky|Maryland|Minnesota|Rhode Island';

/** The EU or EEA by any of its names, but not "EU" in "EU-US" (a transfer framework, not a place of readers). */
const EU = String.raw`(?:EEA|European Economic Area|European Union|EU(?![-\u2010\u2011\u2013 ]?(?:U\.S\.|US\b|United States))|Europe)\b`;
const UK = String.raw`(?:UK|United Kingdom)\b`;

/** Readers addressed as people somewhere ("If you are in", "Residents of", "users located in"), any capitalisation of the first letter. */
const PEOPLE = String.raw`\b(?:[Yy]ou(?:['’]re| are| live| reside)|[Rr]esidents?|[Uu]sers?|[Ii]ndividuals?|[Pp]eople|[Pp]ersons|[Cc]ustomers|[Vv]isitors|[Cc]onsumers|[Dd]ata [Ss]ubjects|[Cc]itizens|[Mm]embers|[Pp]layers)`;

/** People somewhere: "users in", "if you live in", "residents of". */
const PEOPLE_IN = String.raw`\b(?:${PEOPLE}|[Ll]ive|[Ll]ocated|[Rr]eside)(?: (?:located|based))? (?:in|of|within) (?:the )?`;

/**
 * After "users in <country>": a heading of its own ("If you live in Brazil") or privacy words in the same
 * sentence. "Residents of Australia can find child-safety resources at ..." is not a privacy notice.
 */
const ABOUT_PRIVACY = String.raw`\b(?:(?=[ \t]*\r?\n)|[^.\n]{0,80}\b(?:privacy|personal (?:data|information)|rights?|laws?|Act|data protection)\b)`;

/** A one- or two-word place name in a list ("New Jersey"); a separator is required between names. */
const PLACE = '[A-Z][a-z]+(?: [A-Z][a-z]+)?';

/**
 * What in a policy's text makes a law apply. Each pattern is a name of the law, its regulator, or the
 * people it protects addressed as such: "Residents of Virginia ..." brings in the state laws, an office
 * address in Austin, Texas does not; "Office of the Australian Information Commissioner" is not the UK's
 * Information Commissioner.
 */
export const SIGNALS: Record<Jurisdiction, RegExp> = {
  // The Regulation, its vocabulary, or people in the EU/EEA addressed as such. A bare "EEA" in "transfers
  // from the EEA to the US", or "EU" in "EU-US Privacy Shield", is about data flows, not about readers.
  gdpr: new RegExp(
    String.raw`(?<!\bUK |United Kingdom )\bGDPR\b|General Data Protection Regulation|\bdata controller\b|\bsupervisory authorit|\bdata subjects? in the (?:EU|EEA)\b` +
      String.raw`|\b${PEOPLE}\b(?: (?:who are|who live|living|located|based|residing))?(?: (?:located|based))? (?:in|of|within) (?:the )?${EU}` +
      String.raw`|${EU}[^.;:]{0,30}\b(?:[Rr]esidents|[Uu]sers|[Ii]ndividuals|[Dd]ata [Ss]ubjects|[Cc]itizens|[Cc]ustomers|[Vv]isitors|[Cc]onsumers)\b`,
  ),
  'uk-gdpr': new RegExp(
    String.raw`\bUK GDPR\b|\bUnited Kingdom GDPR\b|(?<!Australian )Information Commissioner|\bICO\b|Data Protection Act 2018` +
      String.raw`|\b${PEOPLE}\b(?: (?:who are|who live|living|located|based|residing))?(?: (?:located|based))? (?:in|of|within) (?:the )?(?:(?:EEA|European Economic Area|European Union|EU|Switzerland)(?:,| or| and|/) (?:the )?)*${UK}` +
      String.raw`|${UK}[^.;:]{0,30}\b(?:[Rr]esidents|[Uu]sers|[Ii]ndividuals|[Dd]ata [Ss]ubjects|[Cc]itizens|[Cc]ustomers|[Vv]isitors|[Cc]onsumers)\b|${EU}(?:,| or| and|/) (?:the )?${UK}`,
  ),
  ccpa: /\bCalifornia\b|\bCCPA\b|\bCPRA\b/,
  coppa: /\bCOPPA\b|Children[’']?s Online Privacy Protection/,
  caloppa: /\bCalOPPA\b|Online Privacy Protection Act|\bUnited States\b|\bU\.S\.|\bUSA\b|\bDo Not Track\b|\bCalifornia\b/,
  'us-states': new RegExp(
    String.raw`\b(?:Virginia Consumer Data Protection Act|Colorado Privacy Act|Connecticut Data Privacy Act|Utah Consumer Privacy Act|Texas Data Privacy and Security Act|Oregon Consumer Privacy Act|VCDPA|CTDPA|UCPA|TDPSA|OCPA)\b` +
      // "Residents of Virginia…", and "if you are a resident of California, Virginia or Oregon".
      String.raw`|\b[Rr]esidents? of (?:the (?:US )?states? of )?(?:${PLACE}, )*(?:${US_STATES})\b` +
      String.raw`|\b(?:${US_STATES})(?:(?:, | and | or |, and |, or )${PLACE})*,? (?:and |or )?(?:other states )?(?:residents|consumers)\b` +
      String.raw`|\b(?:US|U\.S\.|United States) [Ss]tate (?:[Cc]omprehensive |[Cc]onsumer )?(?:[Dd]ata )?[Pp]rivacy (?:[Ll]aws?|[Rr]ights)\b|\bstates with (?:comprehensive |consumer )?(?:data )?privacy laws\b|\b(?:[Rr]esidents of|live in|in) (?:certain|some|other) (?:US |U\.S\. )?states\b(?= (?:such as|including|with|that have|may|have)\b)|\bstate (?:comprehensive |consumer )?(?:data )?privacy laws\b`,
  ),
  lgpd: new RegExp(String.raw`\bLGPD\b|Lei Geral de Prote[çc][ãa]o de Dados|\bANPD\b|Autoridade Nacional de Prote[çc][ãa]o de Dados|\b[Ee]ncarregado\b|${PEOPLE_IN}Brazil${ABOUT_PRIVACY}|\bBrazilian (?:[Uu]sers|[Rr]esidents|[Dd]ata [Pp]rotection (?:[Ll]aws?|[Aa]uthority|[Oo]fficer))`),
  pipeda: new RegExp(String.raw`\bPIPEDA\b|Personal Information Protection and Electronic Documents Act|(?:Office of the )?Privacy Commissioner of Canada|priv\.gc\.ca|\bCanadian (?:privacy|data protection) laws?\b|${PEOPLE_IN}Canada${ABOUT_PRIVACY}`),
  app: new RegExp(String.raw`Australian Privacy Principles|Privacy Act 1988|\bAPPs\b|Office of the Australian Information Commissioner|\bOAIC\b|Australian Privacy Act|${PEOPLE_IN}Australia${ABOUT_PRIVACY}`),
  appi: new RegExp(String.raw`\bAPPI\b|Act on the Protection of Personal Information|Personal Information Protection Commission(?:,)? (?:of )?Japan|Japan[’']s Personal Information Protection Commission|${PEOPLE_IN}Japan${ABOUT_PRIVACY}`),
};

/**
 * For each signal, words every one of its matches contains. The signals open with word-boundary
 * alternations that the regex engine tries at every position of every paragraph; these plain words it
 * scans for quickly, and most paragraphs name no place or law at all (a cold lint ran the signals over
 * the whole text ten times). A guard that misses a word its signal needs would hide a law: the tests
 * check every signal's examples against its guard.
 */
export const SIGNAL_GUARDS: Record<Jurisdiction, RegExp> = {
  gdpr: /GDPR|General Data Protection Regulation|data controller|supervisory authorit|EEA|EU|Europe/,
  'uk-gdpr': /UK|United Kingdom|Information Commissioner|ICO|Data Protection Act 2018/,
  ccpa: /California|CCPA|CPRA/,
  coppa: /COPPA|Online Privacy Protection/,
  caloppa: /CalOPPA|Online Privacy Protection Act|United States|U\.S\.|USA|Do Not Track|California/,
  'us-states': new RegExp(String.raw`Act|VCDPA|CTDPA|UCPA|TDPSA|OCPA|[Ss]tate|${US_STATES}`),
  lgpd: /LGPD|Lei Geral|ANPD|Autoridade|ncarregado|Brazil/,
  pipeda: /PIPEDA|Electronic Documents Act|Canad|priv\.gc\.ca/,
  app: /Australia|Privacy Act 1988|APPs|OAIC/,
  appi: /APPI|Act on the Protection of Personal Information|Japan/,
};

/** The first signal of each jurisdiction in a paragraph: [id, offset in the paragraph, matched text]. */
type ParagraphSignals = Array<[Jurisdiction, number, string]>;

function signalsIn(paragraph: string): ParagraphSignals {
  const out: ParagraphSignals = [];
  for (const id of Object.keys(SIGNALS) as Jurisdiction[]) {
    if (!SIGNAL_GUARDS[id].test(paragraph)) continue;
    const m = SIGNALS[id].exec(paragraph);
    if (m) out.push([id, m.index, m[0]]);
  }
  return out;
}

/** Paragraphs end at a blank line; each keeps its own line break, which some signals look ahead to. */
const PARAGRAPH_END = /\n[ \t]*\n/g;

/**
 * Which laws apply: the configured ones, or with 'auto' those the text names. Signals are searched
 * paragraph by paragraph (none spans a blank line), so with a memo (the analysis's, kept across lints)
 * an edit re-reads only the paragraph it touched instead of running every signal over the whole policy.
 */
export function resolveApplicability(doc: PolicyDocument, configured: Jurisdiction[] | 'auto', memo?: TextMemo): Applicability {
  const out: Applicability = new Map();
  if (configured !== 'auto') {
    for (const id of configured) out.set(id, { id, reason: 'configured', line: null });
    return out;
  }
  const text = doc.plain;
  const found = new Map<Jurisdiction, { at: number; what: string }>();
  const total = Object.keys(SIGNALS).length;
  const scan = (start: number, end: number) => {
    const paragraph = text.slice(start, end);
    const hits = memo ? memo.get('jurisdiction-signals', paragraph, signalsIn) : signalsIn(paragraph);
    for (const [id, index, what] of hits) if (!found.has(id)) found.set(id, { at: start + index, what });
  };
  let start = doc.contentStart;
  PARAGRAPH_END.lastIndex = start;
  for (let m = PARAGRAPH_END.exec(text); m && found.size < total; m = PARAGRAPH_END.exec(text)) {
    scan(start, m.index + 1);
    start = m.index + m[0].length;
    PARAGRAPH_END.lastIndex = start;
  }
  if (found.size < total && start < text.length) scan(start, text.length);
  for (const id of Object.keys(SIGNALS) as Jurisdiction[]) {
    const f = found.get(id);
    if (!f) continue;
    const line = doc.lines.lineAt(f.at) + 1;
    out.set(id, { id, reason: `the policy mentions "${f.what}" (line ${line})`, line });
  }
  // A US website is the common case: CalOPPA reaches any site with Californian visitors, and every
  // general-audience policy is expected to say how it treats children (COPPA). When the text names
  // no place at all, assume that baseline rather than check nothing.
  const none = out.size === 0;
  if (out.has('caloppa') || out.has('ccpa') || out.has('us-states') || none) {
    const why = none ? 'no jurisdiction is named, so the US baseline applies' : 'the policy addresses US users';
    if (!out.has('caloppa')) out.set('caloppa', { id: 'caloppa', reason: why, line: null });
    if (!out.has('coppa')) out.set('coppa', { id: 'coppa', reason: why, line: null });
  }
  return out;
}

/** The active jurisdiction a rule applies through, or undefined when it does not apply. */
export function ruleApplies(applicability: Applicability, jurisdictions: Jurisdiction[]): ActiveJurisdiction | undefined | true {
  if (jurisdictions.length === 0) return true;
  for (const j of jurisdictions) {
    const a = applicability.get(j);
    if (a) return a;
  }
  return undefined;
}
