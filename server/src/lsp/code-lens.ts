// The coverage summary at the top of the document: a code lens on line 0 with the engine's summary
// ("14/19 disclosures · GDPR 11/13 · CCPA 4/9"), and the `privacyLint/coverage` request the VS Code
// client's status bar item and "show coverage" command call for the same figures in full: the coverage
// matrix of the HTML report (topics × laws, with the evidence lines), so editor and report agree.

import { RequestType, type CancellationToken, type CodeLens, type CodeLensParams } from 'vscode-languageserver/node';
import { builtinCatalogue, coverageMatrix, coverageOf, coverageSummary, type Coverage, type CoverageMatrix } from '../engine/index.js';
import type { PolicyDocuments, Snapshot } from './documents.js';

export interface CoverageParams {
  uri: string;
}

export interface CoverageResult {
  uri: string;
  version: number;
  summary: string;
  /** Per law; from the request also the matrix rows (topic × law cells and evidence lines). */
  coverage: Coverage | CoverageMatrix;
  /** The .privacylintrc.* that applied, if any. */
  configFile: string | null;
}

export const CoverageRequest = new RequestType<CoverageParams, CoverageResult | null, void>('privacyLint/coverage');

/** The client-side command the lens runs; the VS Code client registers it (it takes the document URI). */
export const SHOW_COVERAGE_COMMAND = 'privacyLint.showCoverage';

/** The lens needs the figures only; the request (`matrix`) also the rows with their evidence. */
export function coverageFor(snap: Snapshot, matrix = false): CoverageResult | null {
  if (!snap.result) return null;
  const coverage = matrix ? coverageMatrix(snap.result, builtinCatalogue()) : coverageOf(snap.result.disclosures, snap.result.applicability, builtinCatalogue());
  return { uri: snap.uri, version: snap.version, summary: coverageSummary(coverage), coverage, configFile: snap.settings.configFile };
}

export class CodeLensFeature {
  constructor(private readonly docs: PolicyDocuments) {}

  async provide(params: CodeLensParams, token: CancellationToken): Promise<CodeLens[]> {
    const snap = await this.docs.current(params.textDocument.uri);
    if (!snap || token.isCancellationRequested) return [];
    const cov = coverageFor(snap);
    if (!cov) return [];
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return [{ range: top, command: { title: cov.summary, command: SHOW_COVERAGE_COMMAND, arguments: [snap.uri] } }];
  }

  async coverage(params: CoverageParams): Promise<CoverageResult | null> {
    if (!params || typeof params.uri !== 'string') return null;
    const snap = await this.docs.current(params.uri);
    return snap ? coverageFor(snap, true) : null;
  }
}
