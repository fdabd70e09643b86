#!/usr/bin/env bash
# Neovim (Debian's 0.7, headless) as a third-party LSP client of the Relgraph language server over stdio: it attaches
# `relgraph lsp --stdio` to spec files of a copy of examples/f1 and checks diagnostics, hover, completion, a code
# action and an edit that clears a diagnostic (test/neovim/lsp_check.lua). Everything is written under
# test/e2e/run/neovim; nvim and the server run in their own process group, killed at the end.
# The last line is `neovim: N passed, M failed`; the exit code is non-zero on any failure.
#
# usage: test/neovim/run.sh      env: E2E_SKIP_BUILD=1 to use the existing dist/ without `npm run build`
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=$ROOT/test/e2e/run/neovim
fail() {
  echo "neovim: $*" >&2
  echo "neovim: 0 passed, 1 failed"
  exit 1
}
command -v nvim >/dev/null || fail "nvim is not installed (apt-get install neovim, or test/e2e/tools/install.sh)"

echo "===== neovim: build ====="
if [ "${E2E_SKIP_BUILD:-0}" != 1 ]; then (cd "$ROOT" && npm run --silent build); fi
[ -f "$ROOT/dist/cli/main.js" ] || fail "dist/cli/main.js is missing (npm run build)"

rm -rf "$RUN"
mkdir -p "$RUN"/{home,tmp,xdg/config,xdg/data,xdg/cache,xdg/state,ws}
cp -a "$ROOT/examples/f1/." "$RUN/ws/"
rm -rf "$RUN/ws/.relgraph" "$RUN/ws/out"
cp "$ROOT"/test/e2e/workspace-fixtures/*.yaml "$RUN/ws/"

echo "===== neovim: $(nvim --version | head -1) + relgraph lsp --stdio ====="
export HOME=$RUN/home TMPDIR=$RUN/tmp XDG_CONFIG_HOME=$RUN/xdg/config XDG_DATA_HOME=$RUN/xdg/data
export XDG_CACHE_HOME=$RUN/xdg/cache XDG_STATE_HOME=$RUN/xdg/state
export RELGRAPH_NVIM_WS=$RUN/ws RELGRAPH_NVIM_BIN=$ROOT/bin/relgraph.js
cd "$RUN/ws"
# -n: no swap file, -i NONE: no shada. `timeout` guards against a hang; the group kill removes any leftover server.
setsid timeout -k 5 180 nvim --headless --clean -n -i NONE -c "luafile $ROOT/test/neovim/lsp_check.lua" \
  >"$RUN/nvim.log" 2>&1 </dev/null &
pid=$!
rc=0
wait $pid || rc=$?
kill -KILL -- "-$pid" 2>/dev/null || true
cat "$RUN/nvim.log"
[ $rc -ne 124 ] || echo "neovim: timed out"
passed=$(grep -c '^PASS ' "$RUN/nvim.log" || true)
failed=$(grep -c '^FAIL ' "$RUN/nvim.log" || true)
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "FAIL nvim exited with $rc without reporting a failing check"
  failed=1
fi
[ "$passed" -gt 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "neovim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
