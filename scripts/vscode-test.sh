#!/usr/bin/env bash
# Integration tests inside a real VS Code (code-server 4.139.1 + Debian Chromium). Installs what
# is missing (cached in ~/.cache/apim-workbench-vscode-test), then runs the harness.
# Expects `npm run build` and `npm run compile-tests` to have run. Exit code = the tests' result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/vscode-test-setup.sh >/dev/null
exec node scripts/run-vscode-tests.js
