#!/usr/bin/env python3
"""Peer benchmark: PyYAML with its libyaml-backed CSafeLoader on the same rule files.

Loads every .yaml file below the directory (path order) into Python objects, the way a
Python tool would read Regimen's rule files. Prints `RESULT pyyaml_csafeload <median ns> <runs>`
for compare.sh and a readable line. Medians of --runs runs after one warm-up run.

    python3 Benchmarks/peers/pyyaml_bench.py Benchmarks/.generated/rules-10000 --runs 5
"""
import argparse
import os
import statistics
import time

import yaml


def yaml_files(path):
    if os.path.isfile(path):
        return [path]
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, f) for f in files if f.endswith(".yaml")]
    return sorted(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="rule-set directory or file")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not getattr(yaml, "__with_libyaml__", False):
        raise SystemExit("PyYAML was built without libyaml: CSafeLoader is not available")
    texts = [open(f, "rb").read() for f in yaml_files(args.path)]
    size = sum(len(t) for t in texts)

    def run():
        return sum(len(yaml.load(t, Loader=yaml.CSafeLoader) or {}) for t in texts)

    run()
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter_ns()
        run()
        samples.append(time.perf_counter_ns() - start)
    median = statistics.median(samples)
    print(f"PyYAML {yaml.__version__} CSafeLoader on {len(texts)} files, {size} bytes")
    print(f"RESULT pyyaml_csafeload {int(median)} {args.runs}")
    print(f"  pyyaml_csafeload: median {median / 1e6:.1f} ms (min {min(samples) / 1e6:.1f}, max {max(samples) / 1e6:.1f}) "
          f"over {args.runs} runs, {size / (median / 1e9) / 1e6:.1f} MB/s")


if __name__ == "__main__":
    main()
