// Hover: on a heading, which disclosure topics the section makes (heading cues and sentence evidence);
// on a finding, what the requirement is, which provision asks for it, why the law applies and, for a
// missing topic, what an adequate disclosure looks like (the rule's description in rules/*.yaml).

import { MarkupKind, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { builtinCatalogue, citeText, TOPICS, type Analysis, type Finding, type PolicyDocument, type Section, type Topic } from '../engine/index.js';
import type { PolicyDocuments } from './documents.js';
import { ruleDocUri } from './package-root.js';

export interface TopicCover {
  topic: Topic;
  title: string;
  /** The heading announces the topic. */
  heading: boolean;
  /** Sentences in the section's own text (not its subsections) that make the disclosure. */
  sentences: number;
}

/** Topics a section covers in its own text: by its heading, or by sentences under it before the next heading. */
export function sectionTopics(analysis: Analysis, section: Section): TopicCover[] {
  const catalogue = builtinCatalogue();
  const out: TopicCover[] = [];
  for (const topic of TOPICS) {
    const heading = analysis.topicSections[topic].some((s) => s.index === section.index);
    const sentences = analysis.topics[topic].evidence.filter((e) => e.kind === 'sentence' && e.section === section.index).length;
    if (heading || sentences) out.push({ topic, title: catalogue.topic(topic).spec.title, heading, sentences });
  }
  return out;
}

export function describeCover(c: TopicCover): string {
  const how = [c.heading ? 'heading' : '', c.sentences ? `${c.sentences} sentence${c.sentences === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  return `${c.title} (${how})`;
}

export class HoverFeature {
  constructor(
    private readonly docs: PolicyDocuments,
    private readonly markdown: boolean,
  ) {}

  async provide(params: HoverParams, token: CancellationToken): Promise<Hover | null> {
    const doc = this.docs.get(params.textDocument.uri);
    if (!doc) return null;
    const snap = await this.docs.current(doc.uri);
    if (!snap?.result || token.isCancellationRequested) return null;
    const { result } = snap;
    const pdoc = result.doc;
    const line = Math.max(0, Math.min(params.position.line, pdoc.lines.lineCount - 1));
    const offset = pdoc.lines.offsetAt({ line, character: Math.max(0, params.position.character) });
    const blocks: string[] = [];

    const section = pdoc.sections.find((s) => s.heading && !s.navigation && pdoc.lines.lineAt(s.heading.span.start) <= line && line <= pdoc.lines.lineAt(s.heading.span.end));
    if (section) blocks.push(this.sectionBlock(result.analysis, pdoc, section));

    const here = result.findings.filter((f) => (f.span.start <= offset && offset <= f.span.end) || pdoc.lines.lineAt(f.span.start) === line);
    // One block per rule: a California notice can miss a dozen items, and each needs one line, not a page.
    const byRule = new Map<string, Finding[]>();
    for (const f of here) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    for (const findings of byRule.values()) blocks.push(this.ruleBlock(findings));
    if (!blocks.length) return null;
    const value = blocks.join('\n\n---\n\n');
    return { contents: this.markdown ? { kind: MarkupKind.Markdown, value } : { kind: MarkupKind.PlainText, value: plain(value) } };
  }

  private sectionBlock(analysis: Analysis, pdoc: PolicyDocument, section: Section): string {
    const covers = sectionTopics(analysis, section);
    const title = `**${escape(section.heading!.text)}**`;
    const lines = [covers.length ? `${title} covers: ${covers.map(describeCover).join(' · ')}` : `${title}: no disclosure topic recognised in this section's own text.`];
    // Subsections are outlined on their own headings; mention what they add.
    const sub = new Set<string>();
    const walk = (s: Section) => {
      for (const c of s.children) {
        const child = pdoc.sections[c]!;
        for (const cv of sectionTopics(analysis, child)) if (!covers.some((x) => x.topic === cv.topic)) sub.add(cv.title);
        walk(child);
      }
    };
    walk(section);
    if (sub.size) lines.push(`Its subsections also cover: ${[...sub].join(' · ')}`);
    return lines.join('\n\n');
  }

  private ruleBlock(findings: Finding[]): string {
    const f = findings[0]!;
    const rule = builtinCatalogue().rule(f.ruleId);
    const href = ruleDocUri(f.ruleId);
    const lines: string[] = [];
    if (findings.length === 1) {
      lines.push(`**${f.ruleId}** (${f.severity})${rule ? ` — ${escape(rule.title)}` : ''}`, escape(f.message));
      if (f.citations.length) lines.push(`*Provision:* ${escape(citeText(f.citations))}`);
    } else {
      lines.push(`**${f.ruleId}**${rule ? ` — ${escape(rule.title)}` : ''}: ${findings.length} findings here`);
      lines.push(findings.map((x) => `- (${x.severity}) ${escape(x.message)}`).join('\n'));
    }
    const why = findings.find((x) => x.appliesBecause)?.appliesBecause;
    if (why) lines.push(`*Why it applies:* ${escape(why)}`);
    if (rule) {
      if (findings.some((x) => x.documentLevel)) {
        lines.push(`*What adequate looks like:* ${escape(rule.description)}`);
        if (rule.elements?.length) lines.push(rule.elements.map((e) => `- ${escape(e.label)}`).join('\n'));
      } else lines.push(`*Requirement:* ${escape(rule.description)}`);
    }
    const fixes = findings.filter((x) => x.fix).map((x) => escape(x.fix!.title));
    if (fixes.length === 1) lines.push(`*Quick fix:* ${fixes[0]}`);
    else if (fixes.length > 1) lines.push(`*Quick fixes:* ${fixes.length} (one per finding), or "Fix all missing sections"`);
    if (href) lines.push(`[Rule documentation](${href})`);
    return lines.join('\n\n');
  }
}

function escape(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}

function plain(md: string): string {
  return md
    .replace(/\n\n---\n\n/g, '\n\n')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1: $2')
    .replace(/(?<!\\)\*\*?([^*]+?)(?<!\\)\*\*?/g, '$1')
    .replace(/\\([\\`*_[\]<>])/g, '$1');
}
