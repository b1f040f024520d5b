#!/usr/bin/env bash
# Side-by-side build benchmark: Ladder vs Hugo vs mdBook (issue 7).
# All the work is in compare.py (Python 3 standard library only); see bench/README.md.
#
#   bench/compare.sh [--quick] [--sizes 100,1000,10000] [--runs N] [--data|--no-data]
#
# Environment: GEN_CORPUS, BENCH_DIR, LADDER, RUNS, SKIP_MDBOOK_10K, WARMUP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/compare.py" "$@"
