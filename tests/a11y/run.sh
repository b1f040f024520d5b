#!/usr/bin/env bash
# tests/a11y/run.sh -- Ladder's accessibility test, as CI runs it (.ci/run).
#
#   1. installs what the audit needs, if it is missing (tests/a11y/setup.sh);
#   2. builds, with the release binary, the example report (content/) and the
#      richest fixtures (tests/fixtures/full, tests/fixtures/charts) into
#      target/a11y/, and audits them: every count must be 0;
#   3. builds tests/fixtures/a11y-broken (an image without alt text and a
#      broken link, on purpose) and checks that the audit FAILS on it and
#      finds both faults.
#
# Usage: tests/a11y/run.sh            (from anywhere; needs cargo, or LADDER=path)
# Reports: target/a11y/report.json, target/a11y/broken.json
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT=target/a11y
AUDIT=(node tests/a11y/audit.mjs)

echo "== a11y: tools"
tests/a11y/setup.sh

if [ -z "${LADDER:-}" ]; then
  echo "== a11y: cargo build --release"
  cargo build --release --quiet
  LADDER=target/release/ladder
fi

# The published address of a report (base_url in report.yaml), if it has one.
base_url() {
  sed -n 's/^base_url:[[:space:]]*["'\'']\{0,1\}\([^"'\''#[:space:]]*\).*/\1/p' "$1/report.yaml" | head -1
}

build() { # SOURCE NAME
  "$LADDER" build "$1" -o "$OUT/$2" >/dev/null
  echo "built $1 -> $OUT/$2"
}

echo "== a11y: build the sites"
mkdir -p "$OUT"
sites=()
for spec in content:content tests/fixtures/full:full tests/fixtures/charts:charts; do
  src="${spec%%:*}"; name="${spec##*:}"
  build "$src" "$name"
  sites+=("$OUT/$name")
  url="$(base_url "$src")"
  if [ -n "$url" ]; then sites+=(--site-url "$url"); fi
done
build tests/fixtures/a11y-broken a11y-broken

echo "== a11y: audit (Nu HTML checker, axe-core in Chromium, links, external loads, reader checks)"
"${AUDIT[@]}" --json "$OUT/report.json" "${sites[@]}"

echo "== a11y: the audit must fail on tests/fixtures/a11y-broken"
"${AUDIT[@]}" --json "$OUT/broken.json" --limit 5 \
  --expect axe:image-alt --expect broken:who-gets-in/index.html "$OUT/a11y-broken"
