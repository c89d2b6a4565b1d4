#!/usr/bin/env python3
"""Peer benchmark: GoRules zen-engine (PyPI `zen-engine`) on an equivalent decision.

The generated rule set of N rules (generate-rules.py, same seed, so the very rules Regimen
loads from .generated/rules-N) is translated into ONE decision table with hit policy
`collect`: one row per rule, an input cell holding the rule's `when` tree as a zen expression
(all -> and, any -> or, not -> not; tests converted to canonical units; bands expanded to
their intervals), a second input cell `not (unless...)`, and outputs rule id, action, option,
strength and priority. The profile (profiles/bench-profile.json) is turned into a zen context
once, outside the timing: markers in canonical units, derived facts precomputed, treatment
history as taking/failed/tried lists.

zen therefore does less than Regimen per decision: two-valued logic with nulls instead of
Kleene logic (no "not known", no gaps, no `requires`), no contraindications, no merging or
ranking of options, no explanation (which tests decided, with the values seen), no unit
conversion and no derived-fact computation. The figure is a lower bound on what the same
decision costs in zen.

Prints `RESULT zen_call <median ns>` (ZenEngine.evaluate from Python with the decision cached
by its loader, the fastest Python path, as a PyPI user pays it), `RESULT zen_decision_call`
(ZenDecision.evaluate on precompiled ZenDecisionContent) and `RESULT zen_engine` (zen's own
`performance` figure, measured inside Rust: the most favourable figure for zen).

    python3 Benchmarks/peers/zen_bench.py --rules 100 [--regimen PATH-TO-regimen]
"""
import argparse
import importlib.util
import json
import os
import re
import statistics
import subprocess
import time

import zen

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_rules", os.path.join(BENCH, "generate-rules.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"


class Translator:
    def __init__(self, vocab):
        self.v = vocab

    def factor(self, marker, unit):
        if unit is None or marker is None:
            return 1.0
        m = self.v.markers[marker]
        if unit == m["unit"]:
            return 1.0
        return float(m["units"][unit])

    def interval(self, ref, text, marker=None):
        """A test such as '> 10 mg/dL', '4..10', '>= 2.6 and <= 3.2' as a zen expression on ref."""
        text = text.strip()
        if " and " in text:
            return "(" + " and ".join(self.interval(ref, part, marker) for part in text.split(" and ")) + ")"
        m = re.fullmatch(rf"({NUMBER})\.\.({NUMBER})(?:\s+(\S+))?", text)
        if m:
            f = self.factor(marker, m.group(3))
            return f"({ref} >= {float(m.group(1)) * f:g} and {ref} <= {float(m.group(2)) * f:g})"
        m = re.fullmatch(rf"(<=|>=|==|!=|<|>)\s*({NUMBER})(?:\s+(\S+))?", text)
        if m:
            f = self.factor(marker, m.group(3))
            return f"{ref} {m.group(1)} {float(m.group(2)) * f:g}"
        raise ValueError(f"cannot translate test {text!r}")

    def fact_ref(self, fact):
        if fact in self.v.markers:
            return f"markers.{fact}", self.v.markers[fact].get("bands") or {}, fact
        if fact in self.v.scales:
            return f"scales.{fact}", self.v.scales[fact]["bands"], None
        if fact in self.v.derived:
            return f"derived.{fact}", self.v.derived[fact]["bands"], None
        raise ValueError(f"unknown fact {fact}")

    def expr(self, p):
        (key, value), = p.items()
        if key == "all":
            return "(" + " and ".join(self.expr(c) for c in value) + ")"
        if key == "any":
            return "(" + " or ".join(self.expr(c) for c in value) + ")"
        if key == "not":
            return f"not ({self.expr(value)})"
        if key == "condition":
            return f"'{value}' in conditions"
        if key in ("taking", "failed", "tried"):
            return f"'{value}' in {key}"
        if key == "sex":
            return f"sex == '{value}'"
        if key == "age":
            return self.interval("age", value)
        if key in ("known", "missing"):
            ref = self.fact_ref(value)[0]
            return f"{ref} {'!=' if key == 'known' else '=='} null"
        ref, bands, marker = self.fact_ref(key)
        if value in bands:
            return self.interval(ref, bands[value], marker)
        return self.interval(ref, value, marker)

    def decision(self, rules):
        rows = []
        for r in rules:
            verb, option = r["action"]
            rows.append({
                "_id": r["id"],
                "when": self.expr(r["when"]),
                "unless": ("not (" + " or ".join(self.expr(u) for u in r["unless"]) + ")") if r["unless"] else "",
                "rule": json.dumps(r["id"]), "action": json.dumps(verb), "option": json.dumps(option),
                "strength": json.dumps(r["strength"]), "priority": str(r["priority"]),
            })
        table = {
            "hitPolicy": "collect",
            "inputs": [{"id": "when", "name": "when", "field": ""}, {"id": "unless", "name": "unless", "field": ""}],
            "outputs": [{"id": k, "name": k, "field": k} for k in ("rule", "action", "option", "strength", "priority")],
            "rules": rows,
        }
        return {
            "nodes": [
                {"id": "in", "type": "inputNode", "name": "profile", "position": {"x": 0, "y": 0}},
                {"id": "table", "type": "decisionTableNode", "name": "rules", "position": {"x": 200, "y": 0}, "content": table},
                {"id": "out", "type": "outputNode", "name": "result", "position": {"x": 400, "y": 0}},
            ],
            "edges": [{"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
                      {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"}],
        }

    def context(self, profile):
        """The profile as zen input: canonical units, derived facts computed here."""
        markers = {}
        for mid, value in profile.get("markers", {}).items():
            if isinstance(value, dict):
                number, unit = float(value["value"]), value.get("unit")
            elif isinstance(value, str):
                parts = value.split()
                number, unit = float(parts[0]), (parts[1] if len(parts) > 1 else None)
            else:
                number, unit = float(value), None
            markers[mid] = number * self.factor(mid, unit)
        scales = {k: v for k, v in profile.get("scales", {}).items() if k in self.v.scales}
        derived = {}
        given = profile.get("scales", {})
        for did, d in self.v.derived.items():
            if did in given:
                derived[did] = given[did]
                continue
            names = re.findall(r"[a-z_][a-z_0-9]*", d["formula"])
            env = {**markers, **scales}
            if all(n in env or n in ("sqrt", "ln") for n in names):
                import math
                derived[did] = eval(d["formula"], {"sqrt": math.sqrt, "ln": math.log}, env)
        treatments = profile.get("treatments", [])
        return {
            "age": profile.get("age"), "sex": profile.get("sex"),
            "conditions": profile.get("conditions", []),
            "markers": markers, "scales": scales, "derived": derived,
            "taking": [t["option"] for t in treatments if t.get("status") == "current"],
            "failed": [t["option"] for t in treatments if t.get("response") in ("inadequate", "intolerant")],
            "tried": [t["option"] for t in treatments],
        }


def zen_version():
    try:
        from importlib.metadata import version
        return version("zen-engine")
    except Exception:
        return "?"


def engine_ns(text):
    m = re.fullmatch(r"([0-9.]+)\s*(ns|µs|us|ms|s)", text.strip())
    if not m:
        return None
    return float(m.group(1)) * {"ns": 1, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}[m.group(2)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=100, help="generated rule-set size (default 100)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", default=os.path.join(BENCH, "profiles", "bench-profile.json"))
    parser.add_argument("--runs", type=int, default=15, help="timed batches (default 15)")
    parser.add_argument("--calls", type=int, default=500, help="evaluate() calls per batch (default 500)")
    parser.add_argument("--regimen", help="a regimen binary: compare the rules each engine fires for the profile")
    parser.add_argument("--dump", help="write the JDM decision (JSON) to this file")
    args = parser.parse_args()

    generator = load_generator()
    vocab, rules = generator.generate(args.rules, args.seed)
    translator = Translator(vocab)
    decision_json = json.dumps(translator.decision(rules))
    if args.dump:
        with open(args.dump, "w") as f:
            f.write(decision_json)
    with open(args.profile) as f:
        profile = json.loads(f.readline())
    context = translator.context(profile)

    # The fastest Python paths zen offers: an engine whose loader holds the decision (zen
    # compiles and caches it), and a decision created from precompiled ZenDecisionContent.
    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"rules": json.loads(decision_json)}}})
    decision = engine.create_decision(zen.ZenDecisionContent(decision_json))
    first = engine.evaluate("rules", context)
    fired = sorted(row["rule"] for row in first["result"])
    assert fired == sorted(row["rule"] for row in decision.evaluate(context)["result"])

    def timed(call):
        for _ in range(args.calls):  # warm-up
            call()
        per_call, reported = [], []
        for _ in range(args.runs):
            start = time.perf_counter_ns()
            for _ in range(args.calls):
                result = call()
            per_call.append((time.perf_counter_ns() - start) / args.calls)
            ns = engine_ns(result.get("performance", ""))
            if ns is not None:
                reported.append(ns)
        return per_call, reported

    print(f"zen-engine {zen_version()} decision table ({len(rules)} rows, hit policy collect); "
          f"{len(fired)} rows matched for {profile.get('id')}")
    calls, reported = timed(lambda: engine.evaluate("rules", context))
    decision_calls, _ = timed(lambda: decision.evaluate(context))
    for name, samples, what in [("zen_call", calls, "per ZenEngine.evaluate(key, context) call from Python"),
                                ("zen_decision_call", decision_calls, "per ZenDecision.evaluate(context) call from Python"),
                                ("zen_engine", reported, "as zen reports it ('performance', inside Rust)")]:
        m = statistics.median(samples)
        print(f"RESULT {name} {int(m)} {len(samples)}")
        print(f"  {name}: median {m / 1e3:.1f} us {what} (min {min(samples) / 1e3:.1f}, max {max(samples) / 1e3:.1f})")

    if args.regimen:
        rules_dir = os.path.join(BENCH, ".generated", f"rules-{args.rules}")
        out = subprocess.run([args.regimen, "evaluate", args.profile, "--rules", rules_dir, "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
        regimen_fired = sorted(json.loads(out)["fired_rules"])
        same = fired == regimen_fired
        print(f"  fired rules: zen {fired}, regimen {regimen_fired} -> {'same' if same else 'DIFFERENT (see the docstring: zen has no three-valued logic)'}")


if __name__ == "__main__":
    main()
