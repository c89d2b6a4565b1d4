#!/usr/bin/env bash
# CI smoke run: every fuzz target for about 30 s each (system libyaml, no network needed).
#   Fuzz/smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
status=0
for target in RegimenFuzzYAML RegimenFuzzProfile RegimenFuzzRuleSet RegimenFuzzFormula; do
  Fuzz/run.sh "$target" "$seconds" || status=1
done
exit $status
