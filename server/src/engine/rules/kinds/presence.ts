// Presence rules: the topic must be disclosed somewhere. One rule per topic; the rule's data says
// which laws ask for it and which clause its fix inserts.

import type { Finding } from '../../types.js';
import type { RuleContext } from '../context.js';
import { absentFinding } from '../context.js';

export function presence(ctx: RuleContext): Finding[] {
  const topic = ctx.rule.topic;
  if (!topic || ctx.analysis.topics[topic].present) return [];
  return [absentFinding(ctx, `The policy does not cover: ${ctx.rule.title.toLowerCase()}`)];
}
