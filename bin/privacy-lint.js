#!/usr/bin/env node
// privacy-lint command line; the code lives in server/src/cli (built into out/ by `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../out/server/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('privacy-lint: not built yet; run `npm install` (or `npm run build`) in the privacy-lint folder\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
