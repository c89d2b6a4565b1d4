#!/usr/bin/env bash
# Runs every benchmark once, in one go, and prints one table of medians and ratios:
#   1. the harness suite (swift package benchmark: load + compile vs the libyaml floor,
#      evaluate, render JSON, JSON line end to end);
#   2. load + compile and the libyaml floor once more, alternated round by round in separate
#      processes (alternate-load.sh), for a ratio of neighbouring measurements;
#   3. the whole-process CLI benchmarks (run-cli-benchmarks.sh: cold start, batch);
#   4. the peers on the same inputs: Yams (peers/yams-peer), PyYAML CSafeLoader and GoRules
#      zen-engine (peers/*.py).
# Raw outputs go to Benchmarks/results/ (git-ignored); the table to results/summary.md.
#
#   cd Benchmarks && ./compare.sh
#
# Needs: Swift 6.1+, libyaml-dev, python3 with `pip install zen-engine pyyaml`, hyperfine
# (apt-get install -y hyperfine). On a shared 2-core machine expect noise: compare ratios
# from one run, not absolute times across runs.
set -euo pipefail
cd "$(dirname "$0")"

# Everything the run needs, checked before anything is built: a tool or Python package found
# missing only when its step came, minutes into the run, stopped it with no table.
missing=()
command -v swift >/dev/null || missing+=("Swift 6.1 or later: https://www.swift.org/install/")
pkg-config --exists yaml-0.1 2>/dev/null || missing+=("libyaml-dev and pkg-config: bash ../.ci/install-deps (or apt-get install -y libyaml-dev pkg-config)")
command -v hyperfine >/dev/null || missing+=("hyperfine: apt-get install -y hyperfine")
[[ -x /usr/bin/time ]] || missing+=("GNU time at /usr/bin/time: apt-get install -y time")
if ! command -v python3 >/dev/null; then
    missing+=("python3, then: pip install zen-engine pyyaml")
else
    python3 -c 'import zen' 2>/dev/null || missing+=("the zen-engine Python package: pip install zen-engine")
    python3 -c 'import yaml; yaml.CSafeLoader' 2>/dev/null || missing+=("PyYAML with its libyaml loader (CSafeLoader): pip install pyyaml")
fi
if ((${#missing[@]})); then
    echo "compare.sh: missing before it can start:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 2
fi

mkdir -p results .generated

echo "== inputs" >&2
for n in 100 1000 10000; do
    [[ -s .generated/rules-$n/ruleset.yaml ]] || python3 generate-rules.py "$n" --out ".generated/rules-$n"
done
[[ -s .generated/profiles-100000.jsonl ]] || python3 generate-profiles.py 100000 > .generated/profiles-100000.jsonl

echo "== build (release): regimen, harness, Yams peer" >&2
swift build -c release --product regimen >&2
(cd peers/yams-peer && swift build -c release >&2)

echo "== harness suite (swift package benchmark)" >&2
swift package benchmark --no-progress 2>&1 | tee results/benchmark.txt >&2

echo "== load + compile and the floor, alternated in separate processes (profile-loop)" >&2
swift build -c release --product profile-loop >&2
./alternate-load.sh 16 | tee results/alternated.txt >&2

echo "== whole-process CLI benchmarks" >&2
REGIMEN="$PWD/.build/release/regimen" ./run-cli-benchmarks.sh 2>&1 | tee results/cli.txt >&2

echo "== peers" >&2
peers/yams-peer/.build/release/yams-peer .generated/rules-10000 --runs 7 | tee results/yams.txt >&2
python3 peers/pyyaml_bench.py .generated/rules-10000 --runs 7 | tee results/pyyaml.txt >&2
python3 peers/zen_bench.py --rules 100 --regimen "$PWD/.build/release/regimen" | tee results/zen.txt >&2

echo >&2
python3 summarize.py results
