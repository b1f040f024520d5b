#!/usr/bin/env bash
# tests/a11y/setup.sh -- install what the accessibility audit needs. Safe to run
# again: it installs only what is missing, and runs `apt-get update` at most once
# (only when a Debian package is missing).
#
#   Debian: chromium (/usr/bin/chromium), fonts-liberation, a Java runtime
#           (default-jre-headless, only if `java` is missing or older than 11),
#           nodejs and npm (only if missing)
#   npm:    axe-core, playwright-core, vnu-jar at the exact versions of
#           package-lock.json, into tests/a11y/node_modules, with install scripts
#           off: no browser and no Java runtime is ever downloaded.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="__none__"; fi
fi

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\(\.[0-9]*\)*.*".*/\1/p' | head -1
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if command -v dpkg-query >/dev/null && ! have_pkg fonts-liberation; then missing+=(fonts-liberation); fi
jm=""
if command -v java >/dev/null; then jm="$(java_major)"; fi
if [ -z "$jm" ] || [ "$jm" = 1 ] || [ "$jm" -lt 11 ]; then missing+=(default-jre-headless); fi
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "a11y setup: missing ${missing[*]}, and there is no apt-get: install them by hand" >&2
    exit 2
  fi
  if [ "$SUDO" = "__none__" ]; then
    echo "a11y setup: need root (or sudo) to apt-get install ${missing[*]}" >&2
    exit 2
  fi
  echo "a11y setup: apt-get update"
  $SUDO apt-get update -qq
  echo "a11y setup: apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "a11y setup: warning: node $(node --version) is older than playwright-core needs (>= 20)" >&2
fi

# npm: reinstall only when node_modules does not match package-lock.json.
if [ -f node_modules/.package-lock.json ] \
   && cmp -s <(node -e 'const l=require("./package-lock.json").packages; for (const k of Object.keys(l).filter(Boolean).sort()) console.log(k, l[k].version, l[k].integrity)') \
             <(node -e 'const l=require("./node_modules/.package-lock.json").packages; for (const k of Object.keys(l).filter(Boolean).sort()) console.log(k, l[k].version, l[k].integrity)') \
   && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/axe-core/axe.min.js ]; then
  :
else
  echo "a11y setup: npm ci (axe-core, playwright-core, vnu-jar; no install scripts)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

echo "a11y setup: $(/usr/bin/chromium --version 2>/dev/null | head -1); $(java -version 2>&1 | head -1);" \
  "node $(node --version); axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')," \
  "playwright-core $(node -p 'require("./node_modules/playwright-core/package.json").version')," \
  "vnu-jar $(node -p 'require("./node_modules/vnu-jar/package.json").version')"
