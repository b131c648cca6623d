#!/usr/bin/env node
// privacy-lint-server: the language server for editors (Neovim, Helix, Emacs, …); LSP over stdio by
// default, or --node-ipc / --socket=<port> / --pipe=<name>. The code lives in server/src/lsp (built into
// out/ by `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../out/server/src/lsp/server.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('privacy-lint-server: not built yet; run `npm install` (or `npm run build`) in the privacy-lint folder\n');
  process.exit(2);
}
await import(entry.href);
