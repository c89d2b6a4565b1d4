#!/usr/bin/env bash
# CI smoke run: every fuzz target for about 30 s each (system libyaml, no network needed).
#   Fuzz/smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
# A fixed seed: on a fresh clone (seed corpus only) every CI run tries the same inputs in the
# same order, so a finding is reproducible and never a matter of luck between two landings.
export FUZZ_EXTRA="${FUZZ_EXTRA:--seed=1}"
status=0
for target in RegimenFuzzYAML RegimenFuzzProfile RegimenFuzzRuleSet RegimenFuzzFormula; do
  Fuzz/run.sh "$target" "$seconds" || status=1
done
exit $status
