#!/usr/bin/env python3
"""Writes N synthetic patient profiles as JSON Lines (one profile per line) for batch runs.

Deterministic for a given seed, so runs can be compared. Profiles use the core vocabulary of
the shipped rule set (conditions, markers in canonical and alternative units, scales, treatments)
and are synthetic: they are load, not clinical vignettes.

    python3 Benchmarks/generate-profiles.py 100000 > profiles.jsonl
    python3 Benchmarks/generate-profiles.py 1000 --seed 7 --bad-every 100 > mixed.jsonl
"""
import argparse
import json
import random
import sys

CONDITIONS = ["fibromyalgia", "rheumatoid_arthritis", "osteoarthritis", "neuropathic_pain",
              "chronic_primary_pain", "chronic_low_back_pain", "crohns_disease", "ulcerative_colitis",
              "depression", "anxiety", "active_infection", "heart_failure_nyha_3_4", "malignancy",
              "diverticulitis", "cardiovascular_disease"]
SCREENED = ["latent_tb", "hepatitis_b", "pregnancy"]
OPTIONS = ["methotrexate", "tnf_inhibitor", "il6_inhibitor", "duloxetine", "amitriptyline",
           "pregabalin", "gabapentin", "nsaid", "paracetamol", "opioid"]
SCALES = {"pss10": 40, "phq9": 27, "gad7": 21, "nrs": 10, "dn4": 10, "wpi": 19, "sss": 12}


def profile(rng, index):
    p = {"id": f"synthetic-{index:07d}", "age": rng.randint(18, 90),
         "sex": rng.choice(["female", "male", "other"])}
    p["conditions"] = rng.sample(CONDITIONS, rng.randint(0, 3))
    p["ruled_out"] = [c for c in SCREENED if rng.random() < 0.5 and c not in p["conditions"]]
    markers = {}
    if rng.random() < 0.7:
        crp = round(rng.uniform(0, 60), 1)
        markers["crp"] = crp if rng.random() < 0.5 else f"{round(crp / 10, 2)} mg/dL"
    if rng.random() < 0.3:
        markers["cortisol"] = {"value": round(rng.uniform(3, 25), 1), "unit": "ug/dL"}
    if rng.random() < 0.3:
        markers["esr"] = rng.randint(2, 80)
    p["markers"] = markers
    p["scales"] = {k: rng.randint(0, top) for k, top in SCALES.items() if rng.random() < 0.6}
    if rng.random() < 0.4:
        p["scales"]["das28_crp"] = round(rng.uniform(1.5, 7.5), 2)
    p["treatments"] = [{"option": o, "status": rng.choice(["current", "past"]),
                        "response": rng.choice(["good", "partial", "inadequate", "intolerant"])}
                       for o in rng.sample(OPTIONS, rng.randint(0, 2))]
    return p


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, help="number of profiles")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--bad-every", type=int, default=0,
                        help="make every Nth line invalid (unknown condition), to exercise error lines")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    for i in range(1, args.count + 1):
        p = profile(rng, i)
        if args.bad_every and i % args.bad_every == 0:
            p["conditions"] = ["not_a_condition"]
        out.write(json.dumps(p, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
