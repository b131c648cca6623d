// consistency: checks that compare what one part of a policy says with what another part says, or
// what a stated value is with what it can be (requirements.md §3 heuristics, issue 4). Each rule of
// this kind names its check by its id; the checks live in consistency-*.ts and share nothing but
// the helpers below. They only read the analysis: no check may change it or look outside the text.

import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import { lastUpdatedQuality } from './consistency-dates.js';
import { retentionConflicts } from './consistency-retention.js';
import { saleShareContradiction } from './consistency-sale.js';
import { malformedUrls } from './consistency-urls.js';

const CHECKS: Record<string, (ctx: RuleContext) => Finding[]> = {
  'sale-share-contradiction': saleShareContradiction,
  'retention-consistency': retentionConflicts,
  'last-updated-date': lastUpdatedQuality,
  'malformed-url': malformedUrls,
};

export function consistency(ctx: RuleContext): Finding[] {
  const check = CHECKS[ctx.rule.id];
  if (!check) throw new Error(`rule ${ctx.rule.id}: the consistency kind has no check of that name (known: ${Object.keys(CHECKS).join(', ')})`);
  return check(ctx);
}
