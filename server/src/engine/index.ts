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
