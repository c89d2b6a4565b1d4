#!/usr/bin/env bash
# Load + compile of the 10,000-rule set and the libyaml floor on the same files, measured in
# alternating processes (`profile-loop load` / `profile-loop scan`, one warm-up and 3 timed operations each), ROUNDS
# rounds, the order swapped every round (load-scan, scan-load, ...) so that a drift in the
# machine's speed falls on both alike. Prints each round and then, as RESULT lines, the median
# load, the median scan and the median of the rounds' own ratios. On a shared machine a
# ratio of two neighbouring measurements is steadier than one of two medians taken
# minutes apart, which is what the harness's two benchmarks are. No malloc interposer here.
#
#   swift build -c release --product profile-loop && ./alternate-load.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-12}
loop=.build/release/profile-loop
[[ -x $loop ]] || { echo "build it first: swift build -c release --product profile-loop" >&2; exit 2; }
[[ -s .generated/rules-10000/ruleset.yaml ]] || python3 generate-rules.py 10000 --out .generated/rules-10000

measure() {  # measure load|scan -> ns per operation
    "$loop" "$1" --rules 10000 --warmup 1 --iterations 3 | sed -n 's/.*, \([0-9.]*\) ns per operation.*/\1/p'
}

loads=() scans=()
for ((i = 1; i <= rounds; i++)); do
    if ((i % 2)); then load=$(measure load); scan=$(measure scan); else scan=$(measure scan); load=$(measure load); fi
    loads+=("$load") scans+=("$scan")
    echo "round $i load_ns $load scan_ns $scan ratio $(python3 -c "print(f'{$load / $scan:.3f}')")"
done
python3 - "${loads[*]}" "${scans[*]}" <<'PY'
import statistics, sys
loads = [float(x) for x in sys.argv[1].split()]
scans = [float(x) for x in sys.argv[2].split()]
print(f"RESULT alternated_load_ns {statistics.median(loads):.0f}")
print(f"RESULT alternated_scan_ns {statistics.median(scans):.0f}")
print(f"RESULT alternated_ratio {statistics.median(l / s for l, s in zip(loads, scans)):.3f}")
print(f"RESULT alternated_rounds {len(loads)}")
PY
