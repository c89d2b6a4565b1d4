#!/usr/bin/env bash
# Whole-process benchmarks of the release `regimen` binary:
#   (c) cold start: `regimen evaluate Fixtures/ra-screening-unknown.yaml` (embedded rules),
#       timed by hyperfine, next to `regimen --version` (process start, no rule set loaded);
#   (d) batch: generated profiles through `regimen evaluate --batch FILE --jobs 1` and
#       `--jobs 2`, full JSON lines written to /dev/null; profiles/s from the wall time of the
#       whole process (median of BATCH_RUNS runs), CPU time and CPU share (other processes on
#       a shared machine take cores away: profiles per CPU-second does not depend on that),
#       and peak RSS from /usr/bin/time -v; the peak RSS again at 10,000 profiles shows
#       whether memory grows with the batch.
# Prints `RESULT name value` lines for compare.sh and a readable summary.
#
#   cd Benchmarks && ./run-cli-benchmarks.sh            # builds the release binary first
#   REGIMEN=/path/to/regimen ./run-cli-benchmarks.sh    # measure that binary instead
#
# Environment: PROFILES (default 100000), BATCH_RUNS (default 3), COLD_RUNS (default 50).
# Needs hyperfine (apt-get install -y hyperfine) and GNU time (/usr/bin/time, package time).
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
PROFILES=${PROFILES:-100000}
BATCH_RUNS=${BATCH_RUNS:-3}
COLD_RUNS=${COLD_RUNS:-50}
mkdir -p results .generated

if [[ -z "${REGIMEN:-}" ]]; then
    echo "building regimen (release) in Benchmarks/.build ..." >&2
    swift build -c release --product regimen >&2
    REGIMEN="$HERE/.build/release/regimen"
fi
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }

fixture="$HERE/../Fixtures/ra-screening-unknown.yaml"
"$REGIMEN" evaluate "$fixture" >/dev/null   # fails loudly if the binary cannot evaluate

echo "== cold start ($COLD_RUNS runs, hyperfine -N, 5 warm-ups)"
hyperfine -N --warmup 5 --runs "$COLD_RUNS" --export-json results/cold-start.json \
    -n "regimen --version" "$REGIMEN --version" \
    -n "regimen evaluate ra-screening-unknown.yaml" "$REGIMEN evaluate $fixture"
python3 - results/cold-start.json <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    name = "cold_version_ms" if "--version" in r["command"] else "cold_evaluate_ms"
    print(f"RESULT {name} {r['median'] * 1000:.2f}")
EOF

batch() {  # batch FILE JOBS RUNS -> "median_wall_s max_rss_kb median_cpu_s median_cpu_percent"
    local file=$1 jobs=$2 runs=$3
    : > results/batch-runs.txt
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -v -o results/time.txt "$REGIMEN" evaluate --batch "$file" --jobs "$jobs" >/dev/null 2>results/batch-stderr.txt
        awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; wall = s }
                    /User time|System time/ { cpu += $2 }
                    /Percent of CPU/ { pct = $2 + 0 }
                    /Maximum resident set size/ { rss = $2 }
                    END { print wall, rss, cpu, pct }' results/time.txt >> results/batch-runs.txt
    done
    # median of each column, except the peak RSS: the largest seen
    awk '{ for (c = 1; c <= 4; c++) v[c, NR] = $c } END {
            for (c = 1; c <= 4; c++) {
                n = 0; for (r = 1; r <= NR; r++) a[++n] = v[c, r]
                for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
                out[c] = (c == 2) ? a[n] : ((n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
            }
            print out[1], out[2], out[3], out[4] }' results/batch-runs.txt
}

big=".generated/profiles-$PROFILES.jsonl"
small=".generated/profiles-10000.jsonl"
[[ -s "$big" ]] || python3 generate-profiles.py "$PROFILES" > "$big"
[[ -s "$small" ]] || python3 generate-profiles.py 10000 > "$small"

echo "== batch: $PROFILES profiles ($(du -h "$big" | cut -f1)), median of $BATCH_RUNS runs"
for jobs in 1 2; do
    read -r seconds rss cpu pct < <(batch "$big" "$jobs" "$BATCH_RUNS")
    rate=$(awk -v n="$PROFILES" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
    per_cpu=$(awk -v n="$PROFILES" -v s="$cpu" 'BEGIN { printf "%.0f", n / s }')
    echo "  --jobs $jobs: ${seconds} s wall, $rate profiles/s; ${cpu} s CPU at ${pct}% of one core, $per_cpu profiles per CPU-second; peak RSS $((rss / 1024)) MiB"
    echo "  (regimen's own summary of the last run: $(tail -1 results/batch-stderr.txt))"
    echo "RESULT batch_j${jobs}_profiles_per_s $rate"
    echo "RESULT batch_j${jobs}_profiles_per_cpu_s $per_cpu"
    echo "RESULT batch_j${jobs}_cpu_percent $pct"
    echo "RESULT batch_j${jobs}_peak_rss_mib $((rss / 1024))"
    read -r _ rss_small _ _ < <(batch "$small" "$jobs" 1)
    echo "  --jobs $jobs on 10,000 profiles: peak RSS $((rss_small / 1024)) MiB"
    echo "RESULT batch_j${jobs}_peak_rss_10k_mib $((rss_small / 1024))"
done
