#!/usr/bin/env bash
# Installs what the end-to-end tests (npm run e2e) need: Debian's Chromium and ripgrep, and a
# code-server (VS Code in the browser) built from the npm registry alone. Idempotent: a finished
# install is recorded in the cache folder and the second run returns at once.
#
# Why by hand: code-server's post-install step downloads prebuilt binaries from outside the npm
# registry, which this network refuses, so it is installed with --ignore-scripts and its native
# modules are compiled here with node-gyp against Node's own headers.
#
# Environment:
#   SPL_E2E_CACHE   where code-server goes (default ~/.cache/spl-e2e); never inside the repository
#   SPL_E2E_FORCE=1 reinstall code-server even if the cache says it is ready
set -euo pipefail

# 4.100.3 is the last code-server release that runs on Node 20.
CODE_SERVER_VERSION=4.100.3
CACHE="${SPL_E2E_CACHE:-$HOME/.cache/spl-e2e}"
ROOT="$CACHE/code-server-$CODE_SERVER_VERSION"
READY="$ROOT/.ready"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)
# Native modules of VS Code's server that code-server ships as sources (binding.gyp).
VSCODE_NATIVE=(@parcel/watcher @vscode/deviceid @vscode/spdlog @vscode/windows-process-tree
  @vscode/windows-registry kerberos native-watchdog node-pty)
# Those the server loads on Linux (the windows-* ones are never loaded here; @parcel/watcher's
# Linux binary comes in its @parcel/watcher-linux-* package).
VSCODE_NATIVE_LINUX=(@parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty)

log() { printf '[e2e-install] %s\n' "$*" >&2; }
fail() { printf '[e2e-install] ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command up to 4 times with a growing pause: the npm registry sometimes drops a request.
retry() {
  local attempt
  for attempt in 1 2 3 4; do
    if "$@"; then return 0; fi
    [ "$attempt" -lt 4 ] || break
    log "attempt $attempt failed: $*; retrying in $((attempt * 10)) s"
    sleep $((attempt * 10))
  done
  return 1
}

install_debian_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then return 0; fi
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "need root (or sudo) to install: ${missing[*]}"
    sudo=(sudo)
  fi
  retry "${sudo[@]}" apt-get update -qq || fail "apt-get update failed"
  retry "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
    || fail "apt-get install ${missing[*]} failed"
}

# npm install of a folder's own package.json (production dependencies, no scripts).
install_folder() {
  local dir="$1"
  log "npm install in ${dir#"$ROOT"/}"
  (cd "$dir" && retry npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error) \
    || fail "npm install in $dir failed (is the npm registry reachable?)"
}

# Compiles VS Code's native modules (node-gyp, against Node's headers) and checks the Linux ones.
rebuild_native() {
  local dir="$1" present=() pkg
  for pkg in "${VSCODE_NATIVE[@]}"; do
    [ -f "$dir/node_modules/$pkg/binding.gyp" ] && present+=("$pkg")
  done
  log "compiling native modules in ${dir#"$ROOT"/}: ${present[*]}"
  # node-pty's post-install step fails after its build succeeded, and @parcel/watcher's source build
  # (it loads its prebuilt @parcel/watcher-linux-* binary instead) asks npx for node-gyp: harmless,
  # so the check below decides, by loading each module.
  (cd "$dir" && npm rebuild --foreground-scripts "${present[@]}" >"$ROOT/rebuild.log" 2>&1) \
    || log "npm rebuild reported an error (expected from node-pty and @parcel/watcher); checking that each module loads (log: $ROOT/rebuild.log)"
  for pkg in "${VSCODE_NATIVE_LINUX[@]}"; do
    (cd "$dir" && node -e "require(process.argv[1])" "$pkg" >/dev/null 2>&1) \
      || fail "native module $pkg does not load; see $ROOT/rebuild.log"
  done
}

install_code_server() {
  rm -rf "$ROOT"
  mkdir -p "$ROOT"
  log "installing code-server@$CODE_SERVER_VERSION into $ROOT"
  printf '{ "name": "spl-e2e-code-server", "private": true }\n' >"$ROOT/package.json"
  : >"$ROOT/config.yaml"
  (cd "$ROOT" && retry npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION") \
    || fail "npm install code-server@$CODE_SERVER_VERSION failed (is the npm registry reachable?)"

  local vscode="$ROOT/node_modules/code-server/lib/vscode"
  [ -f "$vscode/package.json" ] || fail "code-server's package has no lib/vscode/package.json"
  install_folder "$vscode"
  mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"
  rebuild_native "$vscode"
  ln -sfn node_modules "$vscode/node_modules.asar"

  if [ -f "$vscode/extensions/package.json" ]; then
    install_folder "$vscode/extensions"
    ln -sfn node_modules "$vscode/extensions/node_modules.asar"
  fi

  log "compiling argon2 for code-server"
  (cd "$ROOT" && npm rebuild --foreground-scripts argon2 >>"$ROOT/rebuild.log" 2>&1) \
    || fail "npm rebuild argon2 failed; see $ROOT/rebuild.log"

  # --config keeps code-server from writing a default config into the user's ~/.config.
  local version
  version="$(node "$ROOT/node_modules/code-server/out/node/entry.js" --config "$ROOT/config.yaml" --version 2>/dev/null \
    | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ')" \
    || fail "code-server does not start: node $ROOT/node_modules/code-server/out/node/entry.js --version"
  log "code-server $version ready"
  touch "$READY"
}

main() {
  command -v node >/dev/null || fail "node is not on PATH"
  install_debian_packages
  [ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after installing Debian's chromium"
  command -v rg >/dev/null || fail "rg is missing after installing Debian's ripgrep"
  if [ -f "$READY" ] && [ "${SPL_E2E_FORCE:-0}" != 1 ]; then
    log "code-server@$CODE_SERVER_VERSION already installed in $ROOT"
  else
    install_code_server
  fi
  # The tests read this line's path when SPL_E2E_CODE_SERVER is not set.
  echo "$ROOT/node_modules/code-server/out/node/entry.js"
}

main "$@"
