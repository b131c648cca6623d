// Public surface of the engine, used by the CLI, the language server, scripts and tests.
// Nothing here imports vscode or node:fs: callers pass text in and get plain data back.

export * from './types.js';
export { DocumentBuilder, formatForPath } from './document/build.js';
export type { PolicyDocument, Section, Heading, Block, DocumentFormat, HeadingStyle } from './document/model.js';
export { Detector } from './detect/detector.js';
export type { Analysis, Evidence, TopicResult } from './detect/detector.js';
export { disclosuresOf } from './detect/disclosures.js';
export type { Disclosures, Disclosure } from './detect/disclosures.js';
export { Catalogue, builtinCatalogue } from './catalogue/catalogue.js';
export type { RuleSpec, ElementSpec, ExampleSpec, FixSpec, CatalogueData } from './catalogue/schema.js';
export { Linter, lineColumn } from './linter.js';
export type { LintInput, LintOptions, LintResult, FixResult, LineColumnRange } from './linter.js';
export { applyEdits } from './fixes/apply.js';
export { decodeBytes, encodeText, DEFAULT_MAX_BYTES } from './text/decode.js';
export type { DecodedText, DecodeFailure, Encoding } from './text/decode.js';
export { LineIndex, dominantEol } from './text/line-index.js';
export { ConfigError, DEFAULT_CONFIG, checkAudience, checkEdition, checkJurisdiction, mergeConfig, parseConfigText, validateConfig } from './config/config.js';
export type { Audience, ConfigInput, ResolvedConfig, Organization } from './config/config.js';
export { resolveApplicability } from './rules/applicability.js';
export type { Applicability, ActiveJurisdiction } from './rules/applicability.js';
export { citeText } from './rules/context.js';
export { coverageMatrix, coverageOf, coverageSummary } from './coverage.js';
export type { Coverage, CoverageCell, CoverageMatrix, CoverageRow, EvidenceLine, LawCoverage } from './coverage.js';
export type { LawSpec } from './catalogue/schema.js';
export { parseDirectives } from './rules/suppressions.js';
export { emptyScore, precisionRecall, scoreItems, totalOf, type ItemLabel, type RequirementScore } from './requirement-eval.js';

import { builtinCatalogue } from './catalogue/catalogue.js';
import { DocumentBuilder, formatForPath } from './document/build.js';
import { Detector } from './detect/detector.js';
import { disclosuresOf } from './detect/disclosures.js';

/** Detection only, for the eval script. */
export function analyseForEval(path: string, text: string) {
  const doc = new DocumentBuilder().build(path, text, formatForPath(path));
  const analysis = new Detector(builtinCatalogue()).detect(doc);
  return { analysis, disclosures: disclosuresOf(analysis) };
}
