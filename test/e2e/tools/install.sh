#!/usr/bin/env bash
# Installs the end-to-end test tools: Debian packages (chromium, neovim, and what code-server's native modules
# build with) and, into test/e2e/tools/node_modules, code-server + playwright-core + mocha from this folder's lockfile.
#
# Idempotent: Debian packages already present are not reinstalled (and apt-get update is skipped when none is missing);
# the npm part is skipped when node_modules was installed from the same lockfile and code-server reports the pinned
# version. Pass --force to reinstall the npm part.
#
# Why the environment below (see ../../../../shared/reference/vscode-e2e.md):
# - code-server 4.100.3 is the last release whose postinstall accepts Node 20 (VS Code 1.100.3).
# - as root, its postinstall wants --unsafe-perm, which npm 11 only takes as npm_config_unsafe_perm=true;
# - node-pty's postinstall runs `npx node-gyp`, refused when ~/.npmrc says yes=false: npm_config_yes=true;
# - @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable): we give it Debian's rg as a cached tarball
#   at $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<tag>-x86_64-unknown-linux-musl.tar.gz;
# - kerberos builds against libkrb5-dev; native modules build against Node's own headers in /usr (no download).
set -euo pipefail

TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E=$(dirname "$TOOLS")
CS_VERSION=4.100.3 # must match package.json
RG_PKG_VERSION=1.15.11 # @vscode/ripgrep version in code-server 4.100.3's lib/vscode/npm-shrinkwrap.json
RG_TAG=v13.0.0-10      # the VERSION const of that @vscode/ripgrep's lib/postinstall.js
APT_PACKAGES=(chromium neovim libkrb5-dev pkg-config ripgrep build-essential python3)
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

log() { printf '[e2e-install] %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$E2E/run"
  apt_log="$E2E/run/apt.log"
  # With recommends (fonts-liberation among them), as on the machines where this recipe was verified.
  if ! { $SUDO apt-get update -q && $SUDO apt-get install -y -q "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -30 "$apt_log"
    log "apt-get failed; full log: $apt_log"
    exit 1
  fi
else
  log "Debian packages present: ${APT_PACKAGES[*]}"
fi

# --- npm tools -------------------------------------------------------------------------------------------------
STAMP="$TOOLS/node_modules/.relgraph-e2e-stamp"
want_stamp() { cat "$TOOLS/package.json" "$TOOLS/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1; }
installed_cs() { node -p "require('$TOOLS/node_modules/code-server/package.json').version" 2>/dev/null || true; }

if [ $FORCE -eq 0 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(want_stamp)" ] && [ "$(installed_cs)" = "$CS_VERSION" ]; then
  log "code-server $CS_VERSION, playwright-core, mocha already installed from this lockfile: skipping"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || {
  log "code-server $CS_VERSION needs Node 20, found $(node --version)"
  exit 1
}

WORK="$E2E/run/install-tmp" # gitignored; removed afterwards
rm -rf "$WORK"
mkdir -p "$WORK/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION" "$WORK/rg"
cp "$(command -v rg)" "$WORK/rg/rg"
tar czf "$WORK/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$WORK/rg" rg

export TMPDIR="$WORK/tmp" npm_config_unsafe_perm=true npm_config_yes=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# Build native addons against the Node headers the machine ships instead of downloading them.
[ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr
# node-gyp and code-server's postinstall must not write into $HOME.
export XDG_CACHE_HOME="$WORK/xdg/cache" XDG_CONFIG_HOME="$WORK/xdg/config" XDG_DATA_HOME="$WORK/xdg/data"
export npm_config_devdir="$WORK/node-gyp"

cd "$TOOLS"
if [ -f package-lock.json ]; then
  cmd=(npm ci --foreground-scripts)
else
  cmd=(npm install --foreground-scripts) # first time only: writes package-lock.json, to be committed
fi
log "${cmd[*]} (code-server $CS_VERSION builds native modules: about a minute)"
start=$(date +%s)
if ! "${cmd[@]}" >"$WORK/npm.log" 2>&1; then
  tail -60 "$WORK/npm.log"
  log "npm failed; full log: $WORK/npm.log"
  exit 1
fi
grep -q 'Using cached download' "$WORK/npm.log" || log "warning: the ripgrep cache was not used (see $WORK/npm.log)"
got=$("$TOOLS/node_modules/.bin/code-server" --version 2>/dev/null | grep -o '^[0-9][0-9.]* [0-9a-f]* with Code [0-9.]*' || true)
case "$got" in
"$CS_VERSION "*) ;;
*)
  log "code-server --version says '$got', expected $CS_VERSION"
  exit 1
  ;;
esac
want_stamp >"$STAMP"
rm -rf "$WORK"
log "installed code-server $got in $(($(date +%s) - start)) s"
