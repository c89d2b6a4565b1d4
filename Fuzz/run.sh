#!/usr/bin/env bash
# Build one libFuzzer target and run it for a given time.
#
#   Fuzz/run.sh TARGET SECONDS [--instrumented-libyaml]
#
# TARGET is one of RegimenFuzzYAML, RegimenFuzzProfile, RegimenFuzzRuleSet, RegimenFuzzFormula.
# The build uses the recipe verified in ../shared/FUZZING.md (both flags, release, .build-fuzz).
# The working corpus lives in .build-fuzz/corpus/TARGET (never committed); it is seeded from
# Rules/, Fixtures/, Tests/Hostile/ and Fuzz/seeds/ and keeps growing across runs.
# --instrumented-libyaml builds Debian's libyaml 0.2.5 from its source package with coverage
# and ASan (into .build-fuzz/libyaml, never committed) and links it in instead of the system copy.
# Exit status: 0 when the run found nothing, 1 when libFuzzer reported a crash, leak or timeout.
# FUZZ_EXTRA adds libFuzzer flags, e.g. FUZZ_EXTRA="-fork=1 -ignore_timeouts=1" to go on past a
# known timeout. Do not edit this script while a run is using it (bash reads it as it goes).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: Fuzz/run.sh TARGET SECONDS [--instrumented-libyaml]}
seconds=${2:?usage: Fuzz/run.sh TARGET SECONDS [--instrumented-libyaml]}
instrumented=no
[ "${3:-}" = "--instrumented-libyaml" ] && instrumented=yes
case "$target" in
  RegimenFuzzYAML|RegimenFuzzProfile|RegimenFuzzRuleSet|RegimenFuzzFormula) ;;
  *) echo "unknown target '$target'" >&2; exit 2 ;;
esac

scratch=.build-fuzz
mkdir -p "$scratch"
extra=()

if [ "$instrumented" = yes ]; then
  lib="$PWD/$scratch/libyaml/libyaml_fuzz.a"
  if [ ! -f "$lib" ]; then
    echo "== building instrumented libyaml from Debian's source package"
    SRC=$(mktemp -d); mkdir -p "$SRC/lists/partial"
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$SRC/src.sources"
    apt_opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$SRC" -o Dir::State::Lists="$SRC/lists")
    apt-get "${apt_opts[@]}" update >/dev/null
    (cd "$SRC" && apt-get "${apt_opts[@]}" source --download-only libyaml >/dev/null)
    tar -xzf "$SRC"/libyaml_0.2.5.orig.tar.gz -C "$SRC"
    dir=$(find "$SRC" -maxdepth 1 -type d -name 'yaml-0.2.5*' -o -maxdepth 1 -type d -name 'libyaml-0.2.5*' | head -n 1)
    mkdir -p "$scratch/libyaml"
    (cd "$dir" && for f in api parser reader scanner loader dumper emitter writer; do
        clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_VERSION_MAJOR=0 -DYAML_VERSION_MINOR=2 \
          -DYAML_VERSION_PATCH=5 '-DYAML_VERSION_STRING="0.2.5"' -Iinclude src/$f.c -o $f.o; done
      llvm-ar rcs "$lib" *.o)
    rm -rf "$SRC"
  fi
  extra=(-Xlinker --whole-archive -Xlinker "$lib" -Xlinker --no-whole-archive)
fi

# FUZZING.md's recipe (--sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address) no longer links since
# the package has the EmbedRules build plugin: its tool is built with the same flags and its main
# clashes with libFuzzer's (gold: "multiple definition of 'main'"). So: keep SwiftPM's own entry
# point for every executable (the tool runs normally), link with lld (which lets SwiftPM's
# --defsym main=... win over libFuzzer's main), and let each target's top-level code call
# LLVMFuzzerRunDriver, compiled in only with -DREGIMEN_FUZZ.
echo "== building $target (release, -sanitize=fuzzer,address, libyaml instrumented: $instrumented)"
ASAN_OPTIONS=detect_leaks=0 swift build -c release --product "$target" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DREGIMEN_FUZZ -Xswiftc -use-ld=lld \
  --scratch-path "$scratch" "${extra[@]}" 2>&1 | tail -n 3
binary="$scratch/release/$target"

# Seed corpus: copies, so generated inputs never land in the repository.
corpus="$scratch/corpus/$target"
artifacts="$scratch/artifacts/$target"
mkdir -p "$corpus" "$artifacts"
seed() { # copy small files only: libFuzzer mutates them, a 2 MB seed would just slow it down
  find "$@" -type f -size -64k \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.txt' -o -name 'crash-*' \) 2>/dev/null \
    | while read -r f; do cp "$f" "$corpus/seed-$(echo "$f" | tr '/' '_')"; done
}
case "$target" in
  RegimenFuzzFormula) seed Fuzz/seeds/formula
     grep -rhoE 'formula: *"[^"]*"' Rules Tests/Hostile 2>/dev/null | sed -E 's/^formula: *"(.*)"$/\1/' \
       | awk '{ f = sprintf("'"$corpus"'/seed-rules-%d", NR); printf "%s", $0 > f; close(f) }' ;;
  RegimenFuzzProfile) seed Fixtures Fuzz/seeds/profile Tests/Hostile ;;
  *) seed Rules Fixtures Tests/Hostile ;;
esac

dict=()
[ -f Fuzz/yaml.dict ] && [ "$target" != RegimenFuzzFormula ] && dict=(-dict=Fuzz/yaml.dict)
[ -f Fuzz/formula.dict ] && [ "$target" = RegimenFuzzFormula ] && dict=(-dict=Fuzz/formula.dict)

log="$scratch/logs/$target-$(date +%Y%m%d-%H%M%S).log"
mkdir -p "$scratch/logs"
echo "== running $target for $seconds s (log: $log)"
status=0
stamp="$scratch/logs/.$target.started"; touch "$stamp"
# RegimenFuzzProfile keeps one engine in a global for the whole run: skip LSan's at-exit check for
# it (see Fuzz/lsan.supp); libFuzzer's own per-input leak detection still runs.
lsan="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0"
[ "$target" = RegimenFuzzProfile ] && lsan="$lsan:leak_check_at_exit=0"
LSAN_OPTIONS="$lsan" "$binary" "$corpus" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_EXTRA:-} > "$log" 2>&1 || status=$?

grep -q 'Loaded modules\|Loaded [0-9]* modules' "$log" || echo "WARNING: no 'Loaded modules' line: the binary is not instrumented" >&2
first=$(grep -m1 -E '#[0-9]+[[:space:]]+INITED' "$log" | grep -oE 'cov: [0-9]+' || true)
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
echo "== $target: $seconds s, executions ${execs:-?}, coverage ${first:-?} at start -> $(echo "$last" | grep -oE 'cov: [0-9]+' || echo '?') at end"
echo "   last status: $last"
echo "   corpus: $(ls "$corpus" | wc -l) files in $corpus"
# Only what this run wrote: older artifacts stay in the folder until someone minimises them.
crashes=$(find "$artifacts" -maxdepth 1 -type f -newer "$stamp" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) -printf '%f\n' 2>/dev/null || true)
if [ -n "$crashes" ] || [ "$status" -ne 0 ]; then
  echo "== FINDINGS (exit $status):"
  grep -E 'ERROR: |SUMMARY: |Fatal error|artifact_prefix' "$log" | head -n 20
  for c in $crashes; do echo "   $artifacts/$c"; done
  echo "   minimise: $binary -minimize_crash=1 -runs=100000 -artifact_prefix=$artifacts/min- $artifacts/CRASHFILE"
  exit 1
fi
echo "== no findings"
