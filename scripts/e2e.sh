#!/usr/bin/env bash
# npm run test:e2e — privacy-lint in real editors:
#   1. headless Neovim (Debian's) as an LSP client of bin/privacy-lint-server.js;
#   2. VS Code itself (code-server + Debian Chromium + playwright-core, from ../shared/tools/setup-code-server.sh)
#      with the freshly packaged .vsix: Problems panel, quick fix through the UI, clause checked on disk.
# Installs what is missing (Debian packages need root or sudo). Screenshots go to test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${PRIVACY_LINT_SHARED:-$(cd .. && pwd)/shared}
export PRIVACY_LINT_SHARED="$SHARED"
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo

if ! command -v nvim >/dev/null; then
  echo "== installing neovim (Debian)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq neovim >/dev/null
fi
echo "== code-server e2e kit"
bash "$SHARED/tools/setup-code-server.sh"

echo "== packaging the extension"
npm run package >/dev/null
VSIX=$(ls -t privacy-lint-*.vsix | head -n 1)
echo "   $VSIX ($(du -k "$VSIX" | cut -f1) KB)"

echo "== Neovim"
npx mocha --no-config --timeout 180000 'test/e2e/neovim/*.e2e.mjs'
echo "== VS Code (code-server)"
PRIVACY_LINT_VSIX="$PWD/$VSIX" npx mocha --no-config --timeout 900000 'test/e2e/vscode/*.e2e.mjs'
