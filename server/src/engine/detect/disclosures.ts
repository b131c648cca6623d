// The `disclosures` summary the CLI prints in JSON and the editor shows as coverage: for each of the
// nineteen topics whether it is present, the 1-based line of its first evidence, and topic details.

import { TOPICS, type Topic } from '../types.js';
import type { Analysis } from './detector.js';

export interface Disclosure {
  present: boolean;
  line: number | null;
  details?: Record<string, unknown>;
}

export type Disclosures = Record<Topic, Disclosure>;

export function disclosuresOf(a: Analysis): Disclosures {
  const out = {} as Disclosures;
  for (const t of TOPICS) {
    const r = a.topics[t];
    // A section announced by a heading is where the disclosure "is"; a passing mention in an overview
    // comes earlier in the text but is not the place a reader (or a fix) should be sent to.
    const first = r.evidence.find((e) => e.kind === 'heading') ?? r.evidence[0];
    out[t] = { present: r.present, line: first ? a.doc.lines.lineAt(first.span.start) + 1 : null };
  }
  const d = a.details;
  out.children.details = { age: d.children.age };
  out.breach.details = { timeframe: d.breach.timeframe };
  out.contact.details = { email: d.contact.email, postal: d.contact.postal, phone: d.contact.phone, form: d.contact.form };
  out['legal-bases'].details = { named: d.legalBases.named };
  out.ccpa.details = { rights: d.ccpa.rights };
  return out;
}
