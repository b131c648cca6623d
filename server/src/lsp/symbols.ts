// Document symbols: the policy's section tree as an outline, each section's detail naming the disclosure
// topics its own text makes. Hierarchical DocumentSymbols, or flat SymbolInformation for old clients.

import {
  SymbolKind,
  type CancellationToken,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type SymbolInformation,
} from 'vscode-languageserver/node';
import type { Analysis, PolicyDocument, Section } from '../engine/index.js';
import { spanRange } from './diagnostics.js';
import type { PolicyDocuments } from './documents.js';
import { sectionTopics } from './hover.js';

export class SymbolsFeature {
  constructor(
    private readonly docs: PolicyDocuments,
    private readonly hierarchical: boolean,
  ) {}

  async provide(params: DocumentSymbolParams, token: CancellationToken): Promise<DocumentSymbol[] | SymbolInformation[]> {
    const snap = await this.docs.current(params.textDocument.uri);
    if (!snap?.result || token.isCancellationRequested) return [];
    const tree = sectionSymbols(snap.result.analysis);
    return this.hierarchical ? tree : flatten(tree, snap.uri);
  }
}

export function sectionSymbols(analysis: Analysis): DocumentSymbol[] {
  const doc = analysis.doc;
  const build = (s: Section): DocumentSymbol => {
    const topics = sectionTopics(analysis, s).map((c) => c.title);
    const sym: DocumentSymbol = {
      name: headingName(s),
      detail: s.navigation ? 'navigation (not checked)' : topics.join(', '),
      kind: s.level <= 1 ? SymbolKind.Namespace : SymbolKind.String,
      range: spanRange(doc, trimmed(doc, s)),
      selectionRange: spanRange(doc, s.heading!.span),
      children: s.children.map((c) => build(doc.sections[c]!)),
    };
    return sym;
  };
  return doc.sections.filter((s) => s.heading && s.parent === null).map(build);
}

function headingName(s: Section): string {
  const h = s.heading!;
  const name = [h.numbering, h.text].filter(Boolean).join(' ').trim();
  // DocumentSymbol.name must not be empty (VS Code rejects the whole outline).
  return name || '(untitled section)';
}

/** The section's span without trailing blank lines, so the outline highlights only its text. */
function trimmed(doc: PolicyDocument, s: Section) {
  let end = s.span.end;
  while (end > s.heading!.span.end && /\s/.test(doc.text[end - 1]!)) end--;
  return { start: s.span.start, end: Math.max(end, s.heading!.span.end) };
}

function flatten(tree: DocumentSymbol[], uri: string, container?: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of tree) {
    const info: SymbolInformation = { name: s.name, kind: s.kind, location: { uri, range: s.range } };
    if (container) info.containerName = container;
    out.push(info, ...flatten(s.children ?? [], uri, s.name));
  }
  return out;
}
