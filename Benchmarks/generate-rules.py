#!/usr/bin/env python3
"""Writes a synthetic rule set of N rules in Regimen's rule language, for benchmarks.

Deterministic for a given N and seed. The vocabulary scales with N and is a superset of the
core ids that generate-profiles.py and profiles/bench-profile.json use (conditions, crp, esr
and cortisol with their alternative units, the questionnaire scales, das28_crp as a derived
fact, the treatment options), so the same profiles bind against the shipped rule set and
against every generated one. Rules have `when` trees of 3-8 leaves under all/any/not,
comparisons written in alternative units ("> 1 mg/dL" on a mg/L marker), band and range
tests, treatment history, age and sex, `known`/`missing`, `unless` lists, recommend and
avoid, strengths, priorities, plain-language reasons and 1-3 evidence ids. Options that are
immunomodulatory carry `contraindicated_if`. The content is synthetic load, not clinical
advice: every name says so.

Layout (each file well under the loader's 4 MiB default limit):
    OUT/ruleset.yaml  OUT/evidence.yaml  OUT/vocabulary/*.yaml  OUT/rules/rules-NNN.yaml

    python3 Benchmarks/generate-rules.py 10000 --out Benchmarks/.generated/rules-10000
    python3 Benchmarks/generate-rules.py 100 --out /tmp/r100 --rules-per-file 50
"""
import argparse
import os
import random

# --- core vocabulary: the ids the profile generators use --------------------------------
CORE_CONDITIONS = {
    "fibromyalgia": "Fibromyalgia", "rheumatoid_arthritis": "Rheumatoid arthritis",
    "osteoarthritis": "Osteoarthritis", "neuropathic_pain": "Neuropathic pain",
    "chronic_primary_pain": "Chronic primary pain", "chronic_low_back_pain": "Chronic low back pain",
    "crohns_disease": "Crohn's disease", "ulcerative_colitis": "Ulcerative colitis",
    "depression": "Depression", "anxiety": "Anxiety disorder", "active_infection": "Active infection",
    "heart_failure_nyha_3_4": "Heart failure, NYHA class III or IV", "malignancy": "Malignancy",
    "diverticulitis": "Diverticulitis", "cardiovascular_disease": "Cardiovascular disease",
}
SCREENED = {"latent_tb": "Latent tuberculosis infection", "hepatitis_b": "Hepatitis B infection",
            "pregnancy": "Pregnancy"}
# id: (name, canonical unit, {alternative: factor}, plausible range top, bands or None)
CORE_MARKERS = {
    "crp": ("C-reactive protein", "mg/L", {"mg/dL": 10}, 1000, {"not_elevated": "<= 10", "elevated": "> 10"}),
    "esr": ("Erythrocyte sedimentation rate", "mm/h", {}, 200, None),
    "cortisol": ("Serum cortisol", "nmol/L", {"ug/dL": 27.59}, 5000, None),
}
# id: (name, low, high, integer)
CORE_SCALES = {
    "pss10": ("Perceived Stress Scale (10 items)", 0, 40, True),
    "phq9": ("Patient Health Questionnaire-9", 0, 27, True),
    "gad7": ("Generalized Anxiety Disorder-7", 0, 21, True),
    "nrs": ("Pain numeric rating scale", 0, 10, True),
    "dn4": ("DN4 neuropathic pain questionnaire", 0, 10, True),
    "wpi": ("Widespread Pain Index", 0, 19, True),
    "sss": ("Symptom Severity Scale", 0, 12, True),
    "tjc28": ("Tender joint count (28 joints)", 0, 28, True),
    "sjc28": ("Swollen joint count (28 joints)", 0, 28, True),
    "ptga": ("Patient global assessment (0-100 mm)", 0, 100, False),
}
CORE_OPTIONS = {
    "methotrexate": ("Methotrexate", "immunomodulatory"), "tnf_inhibitor": ("TNF-alpha inhibitor", "immunomodulatory"),
    "il6_inhibitor": ("IL-6 receptor inhibitor", "immunomodulatory"), "duloxetine": ("Duloxetine", "pharmacological"),
    "amitriptyline": ("Amitriptyline", "pharmacological"), "pregabalin": ("Pregabalin", "pharmacological"),
    "gabapentin": ("Gabapentin", "pharmacological"), "nsaid": ("NSAID", "pharmacological"),
    "paracetamol": ("Paracetamol", "pharmacological"), "opioid": ("Opioid", "pharmacological"),
    "exercise": ("Exercise programme", "holistic"), "cbt": ("Cognitive behavioural therapy", "holistic"),
    "mbsr": ("Mindfulness-based stress reduction", "holistic"), "tai_chi": ("Tai chi", "holistic"),
    "yoga": ("Yoga", "holistic"), "acupuncture": ("Acupuncture", "procedural"),
}

# Conditions that contraindicate options: rules test their absence, not their presence.
RISKS = {"active_infection", "malignancy", "heart_failure_nyha_3_4", "diverticulitis"}

# --- word lists for the synthetic part --------------------------------------------------
COND_QUALIFIERS = ["chronic", "recurrent", "refractory", "early", "late_onset", "seronegative", "erosive",
                   "axial", "peripheral", "juvenile_onset", "post_infectious", "drug_induced"]
COND_STEMS = ["synovitis", "enthesitis", "myalgia", "neuralgia", "radiculopathy", "tendinopathy", "bursitis",
              "spondyloarthritis", "vasculitis", "myositis", "sarcoidosis", "colitis", "ileitis", "uveitis",
              "dysautonomia", "migraine", "tension_headache", "insomnia", "fatigue_syndrome", "pelvic_pain",
              "tmj_disorder", "plantar_fasciitis", "capsulitis", "polyneuropathy"]
MARKER_STEMS = ["il1b", "il17a", "il23", "ifn_gamma", "mcp1", "saa", "ferritin", "fibrinogen", "procalcitonin",
                "anti_ccp", "rheumatoid_factor", "ana_titre", "complement_c3", "complement_c4", "vitamin_d",
                "vitamin_b12", "creatine_kinase", "ldh", "alt", "ast", "creatinine", "albumin", "haemoglobin",
                "lymphocytes", "eosinophils", "igg", "iga", "igm", "hba1c", "tsh", "prolactin", "dheas",
                "bdnf", "substance_p", "ngf", "cgrp", "neopterin", "s100a8", "mmp3", "ykl40", "sicam1",
                "vcam1", "tgf_beta", "il4", "il13", "il33", "osteopontin", "neutrophil_count", "platelet_count"]
# (canonical, {alternative: factor}, plausible top)
UNIT_FAMILIES = [("mg/L", {"mg/dL": 10}, 1000), ("pg/mL", {"ng/L": 1}, 100000), ("nmol/L", {"ug/dL": 27.59}, 5000),
                 ("10*9/L", {"10*3/uL": 1}, 200), ("U/L", {}, 10000), ("ug/g", {"mg/kg": 1}, 10000),
                 ("g/L", {"g/dL": 10}, 300), ("ng/mL", {"ug/L": 1}, 10000)]
SCALE_STEMS = ["fiqr", "bpi_severity", "bpi_interference", "odi", "womac_pain", "womac_function", "haq_di",
               "basdai", "asdas", "psqi", "isi", "fss", "tsk", "pcs", "hads_a", "hads_d", "dass_stress",
               "cpaq", "promis_pain", "koos_pain", "rmdq", "pgic", "mfi", "ess", "csi", "sf12_pcs"]
SCALE_RANGES = [(0, 10, True), (0, 24, True), (0, 40, True), (0, 50, True), (0, 100, True), (0, 3, False),
                (0, 27, True), (0, 21, True), (0, 52, True), (0, 10, False), (0, 100, False)]
OPTION_STEMS = [("anti_il17", "immunomodulatory"), ("anti_il23", "immunomodulatory"), ("abatacept", "immunomodulatory"),
                ("sulfasalazine", "immunomodulatory"), ("hydroxychloroquine", "immunomodulatory"),
                ("leflunomide", "immunomodulatory"), ("apremilast", "immunomodulatory"),
                ("low_dose_naltrexone", "pharmacological"), ("milnacipran", "pharmacological"),
                ("venlafaxine", "pharmacological"), ("nortriptyline", "pharmacological"),
                ("capsaicin_cream", "pharmacological"), ("topical_nsaid", "pharmacological"),
                ("physiotherapy", "procedural"), ("hydrotherapy", "holistic"), ("pacing_programme", "holistic"),
                ("sleep_restriction_therapy", "holistic"), ("biofeedback", "procedural"), ("massage", "procedural"),
                ("graded_activity", "holistic"), ("aquatic_exercise", "holistic"), ("pilates", "holistic"),
                ("nordic_walking", "holistic"), ("music_therapy", "holistic"), ("dietary_review", "holistic"),
                ("vitamin_d_repletion", "pharmacological"), ("smoking_cessation", "holistic"),
                ("occupational_therapy", "procedural"), ("tens_trial", "procedural"),
                ("spinal_manipulation", "procedural")]
ORGS = ["eular", "acr", "nice", "bsr", "aga", "ecco", "iasp", "neupsig", "sign", "awmf", "cochrane", "aan"]
JOURNALS = ["Ann Rheum Dis", "Arthritis Care Res", "Rheumatology", "Pain", "Eur J Pain", "Gastroenterology",
            "Lancet Rheumatol", "BMJ", "J Pain", "Neurology"]
AUTHORS = ["Andersen", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova",
           "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Olsen", "Petrov", "Rossi", "Schmidt"]
REASONS = [
    "Synthetic rule: these findings make the option worth discussing",
    "Synthetic rule standing in for a moderate-certainty recommendation",
    "Synthetic rule: symptoms persist despite first-line care",
    "Synthetic rule modelled on a conditional society recommendation",
    "Synthetic rule: inflammation together with pain and distress",
]
CAVEATS = [
    "check the label and history first.",
    "review the response after twelve weeks.",
    "the evidence is indirect for this group.",
    "the threshold is illustrative, not reviewed.",
    "prefer the least invasive option.",
]


def num(x):
    """A short decimal for thresholds: no trailing zeros, at most 3 significant decimals."""
    if x == int(x):
        return str(int(x))
    text = f"{x:.3g}" if abs(x) < 1 else f"{x:.4g}"
    return text if "e" not in text else f"{x:.6f}".rstrip("0").rstrip(".")


def q(s):
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Vocabulary:
    def __init__(self, rng, n_rules):
        self.rng = rng
        n_cond = max(20, n_rules // 25)
        n_mark = max(8, n_rules // 200)
        n_scale = max(8, n_rules // 200)
        n_opt = max(20, n_rules // 30)
        n_ev = max(10, n_rules // 20)
        n_derived = 2 + n_rules // 1000

        self.conditions = dict(CORE_CONDITIONS)
        self.screened = dict(SCREENED)
        synth_conditions = []
        for i in range(n_cond):
            qual = COND_QUALIFIERS[i % len(COND_QUALIFIERS)]
            stem = COND_STEMS[(i // len(COND_QUALIFIERS)) % len(COND_STEMS)]
            round_ = i // (len(COND_QUALIFIERS) * len(COND_STEMS))
            cid = f"{qual}_{stem}" + (f"_{round_ + 1}" if round_ else "")
            self.conditions[cid] = f"{qual.replace('_', ' ').capitalize()} {stem.replace('_', ' ')} (synthetic)"
            synth_conditions.append(cid)
        self.synth_conditions = synth_conditions

        # markers: id -> dict(name, unit, units, top, bands)
        self.markers = {}
        for mid, (name, unit, units, top, bands) in CORE_MARKERS.items():
            self.markers[mid] = dict(name=name, unit=unit, units=units, top=top, bands=bands, core=True)
        for i in range(n_mark):
            stem = MARKER_STEMS[i % len(MARKER_STEMS)]
            mid = stem + (f"_{i // len(MARKER_STEMS) + 1}" if i >= len(MARKER_STEMS) else "")
            unit, units, top = UNIT_FAMILIES[rng.randrange(len(UNIT_FAMILIES))]
            lo = round(top * rng.uniform(0.002, 0.02), 2)
            hi = round(lo * rng.uniform(2, 5), 2)
            bands = {"low": f"< {num(lo)}", "normal": f"{num(lo)}..{num(hi)}", "high": f"> {num(hi)}"} if rng.random() < 0.7 else None
            self.markers[mid] = dict(name=f"{stem.replace('_', ' ').upper()} (synthetic marker)", unit=unit, units=units,
                                     top=top, bands=bands, core=False)

        # scales: id -> dict(name, lo, hi, integer, bands)
        self.scales = {}
        for sid, (name, lo, hi, integer) in CORE_SCALES.items():
            self.scales[sid] = dict(name=name, lo=lo, hi=hi, integer=integer, bands=self.scale_bands(lo, hi, integer), core=True)
        for i in range(n_scale):
            stem = SCALE_STEMS[i % len(SCALE_STEMS)]
            sid = stem + (f"_{i // len(SCALE_STEMS) + 1}" if i >= len(SCALE_STEMS) else "")
            lo, hi, integer = SCALE_RANGES[rng.randrange(len(SCALE_RANGES))]
            self.scales[sid] = dict(name=f"{stem.replace('_', ' ').upper()} (synthetic instrument)", lo=lo, hi=hi,
                                    integer=integer, bands=self.scale_bands(lo, hi, integer), core=False)

        # derived facts: id -> dict(name, formula, lo, hi, bands)
        self.derived = {
            "das28_crp": dict(name="DAS28-CRP", formula="0.56*sqrt(tjc28) + 0.28*sqrt(sjc28) + 0.36*ln(crp + 1) + 0.014*ptga + 0.96",
                              lo=0, hi=9.4, bands={"remission": "< 2.6", "low": ">= 2.6 and <= 3.2",
                                                   "moderate": "> 3.2 and <= 5.1", "high": "> 5.1"}),
            "distress_index": dict(name="Distress index (PSS-10 + PHQ-9 + GAD-7, synthetic)", formula="pss10 + phq9 + gad7",
                                   lo=0, hi=88, bands={"low": "< 20", "moderate": ">= 20 and <= 45", "high": "> 45"}),
        }
        synth_scales = [s for s in self.scales if not self.scales[s]["core"]]
        for i in range(n_derived - 2):
            a, b = synth_scales[(2 * i) % len(synth_scales)], synth_scales[(2 * i + 1) % len(synth_scales)]
            sa, sb = self.scales[a], self.scales[b]
            hi = sa["hi"] + 0.5 * sb["hi"]
            self.derived[f"composite_{i + 1}"] = dict(
                name=f"Composite {i + 1} of {a} and {b} (synthetic)", formula=f"{a} + 0.5*{b}", lo=0, hi=hi,
                bands={"low": f"< {num(hi / 3)}", "mid": f">= {num(hi / 3)} and <= {num(2 * hi / 3)}", "high": f"> {num(2 * hi / 3)}"})

        # options: id -> dict(name, kind, contra, checks)
        self.options = {}
        for oid, (name, kind) in CORE_OPTIONS.items():
            self.options[oid] = dict(name=name, kind=kind)
        for i in range(n_opt):
            stem, kind = OPTION_STEMS[i % len(OPTION_STEMS)]
            oid = stem + (f"_regimen_{i // len(OPTION_STEMS) + 1}" if i >= len(OPTION_STEMS) else "")
            self.options[oid] = dict(name=f"{stem.replace('_', ' ').capitalize()} (synthetic option {i + 1})", kind=kind)
        count_markers = [m for m in self.markers if self.markers[m]["unit"] == "10*9/L"]
        for oid, o in self.options.items():
            if o["kind"] != "immunomodulatory":
                continue
            contra = [{"condition": "active_infection"}, {"condition": "latent_tb"}]
            if rng.random() < 0.6:
                contra.append({"condition": "hepatitis_b"})
            if rng.random() < 0.6:
                contra.append({"all": [{"condition": "pregnancy"}, {"not": {"sex": "male"}}]})
            if count_markers and rng.random() < 0.5:
                contra.append({rng.choice(count_markers): f"< {num(round(rng.uniform(0.5, 2), 1))}"})
            if rng.random() < 0.3:
                contra.append({"condition": rng.choice(["malignancy", "heart_failure_nyha_3_4", "diverticulitis"])})
            o["contra"] = {"any": contra}
            o["checks"] = ["Screen for latent tuberculosis and treat before starting.",
                           "Check hepatitis B serology before the first dose."][: rng.randint(1, 2)]

        self.evidence = {}
        for i in range(n_ev):
            org = ORGS[i % len(ORGS)]
            year = 2005 + rng.randrange(21)
            eid = f"{org}-{year}-syn-{i + 1:04d}"
            author = rng.choice(AUTHORS)
            self.evidence[eid] = dict(
                title=f"Synthetic recommendation {i + 1} on {rng.choice(COND_STEMS).replace('_', ' ')} management ({org.upper()})",
                source=f"{author} {chr(65 + rng.randrange(26))} et al., {rng.choice(JOURNALS)} {year};{rng.randint(1, 80)}:{rng.randint(100, 999)}-{rng.randint(1000, 1999)}",
                year=year)

    @staticmethod
    def scale_bands(lo, hi, integer):
        span = hi - lo
        a = lo + max(1, round(span / 3))
        b = lo + max(2, round(2 * span / 3))
        if integer:
            return {"low": f"{lo}..{a - 1}", "moderate": f"{a}..{b - 1}", "high": f"{b}..{hi}"}
        return {"low": f"< {num(a)}", "moderate": f">= {num(a)} and <= {num(b)}", "high": f"> {num(b)}"}


class RuleWriter:
    def __init__(self, rng, vocab):
        self.rng = rng
        self.v = vocab
        self.cond_ids = list(vocab.conditions)
        self.core_conds = list(CORE_CONDITIONS)
        self.marker_ids = list(vocab.markers)
        self.core_markers = list(CORE_MARKERS)
        self.scale_ids = list(vocab.scales)
        self.core_scales = ["pss10", "phq9", "gad7", "nrs", "dn4", "wpi", "sss"]
        self.derived_ids = list(vocab.derived)
        self.option_ids = list(vocab.options)
        self.core_options = [o for o in CORE_OPTIONS]
        self.evidence_ids = list(vocab.evidence)
        # Options that rules advise against (NICE NG193's "do not start" list plays this role
        # in the shipped set). Recommending one of them is a reviewed conflict: `allow: [conflict]`.
        synthetic_drugs = [o for o in self.option_ids if o not in CORE_OPTIONS and vocab.options[o]["kind"] == "pharmacological"]
        self.avoid_pool = ["opioid", "paracetamol", "gabapentin"] + synthetic_drugs[::3]
        self.recommend_core = [o for o in self.core_options if o not in self.avoid_pool]
        self.recommend_all = [o for o in self.option_ids if o not in self.avoid_pool]

    def pick(self, core, everything, core_share):
        return self.rng.choice(core) if self.rng.random() < core_share else self.rng.choice(everything)

    def marker_threshold(self, mid):
        m = self.v.markers[mid]
        if mid == "crp":
            return self.rng.choice([3, 5, 10, 20, 40])
        if mid == "esr":
            return self.rng.choice([20, 30, 40, 60])
        if mid == "cortisol":
            return self.rng.choice([140, 280, 550, 700])
        return round(m["top"] * self.rng.uniform(0.002, 0.1), 2) or 1

    def leaf(self, used):
        """One predicate leaf on a fact not yet used in this rule (so no rule contradicts itself)."""
        rng = self.rng
        for _ in range(50):
            kind = rng.choices(["condition", "marker", "marker_band", "scale", "scale_band", "scale_range",
                                "derived", "treatment", "age", "sex", "known"],
                               [34, 18, 4, 14, 7, 3, 4, 9, 4, 1, 2])[0]
            if kind == "condition":
                c = self.pick(self.core_conds, self.cond_ids, 0.55)
                if c in used:
                    continue
                used.add(c)
                if c in RISKS:
                    return {"not": {"condition": c}}   # "no active infection", as rules are written
                return {"condition": c}
            if kind in ("marker", "marker_band"):
                mid = self.pick(self.core_markers, self.marker_ids, 0.6)
                m = self.v.markers[mid]
                if mid in used or (kind == "marker_band" and not m["bands"]):
                    continue
                used.add(mid)
                if kind == "marker_band":
                    return {mid: rng.choice(list(m["bands"]))}
                t = self.marker_threshold(mid)
                op = rng.choice([">", ">", ">=", "<", "<="])
                if m["units"] and rng.random() < 0.4:
                    alt, factor = next(iter(m["units"].items()))
                    return {mid: f"{op} {num(round(t / factor, 4))} {alt}"}
                if rng.random() < 0.1:
                    return {mid: f"{num(t)}..{num(round(t * 3, 2))}"}
                return {mid: f"{op} {num(t)}" + (f" {m['unit']}" if rng.random() < 0.3 else "")}
            if kind in ("scale", "scale_band", "scale_range"):
                sid = self.pick(self.core_scales, self.scale_ids, 0.6)
                if sid in used:
                    continue
                used.add(sid)
                s = self.v.scales[sid]
                if kind == "scale_band":
                    return {sid: rng.choice(list(s["bands"]))}
                lo, hi = s["lo"], s["hi"]
                if s["integer"]:
                    t = rng.randint(lo + 1, hi - 1)
                else:
                    t = round(rng.uniform(lo + (hi - lo) * 0.1, hi - (hi - lo) * 0.1), 1)
                if kind == "scale_range":
                    return {sid: f"{num(lo + (t - lo) // 2 if s['integer'] else round((lo + t) / 2, 1))}..{num(t)}"}
                return {sid: f"{rng.choice(['>', '>=', '>=', '<', '<='])} {num(t)}"}
            if kind == "derived":
                did = rng.choice(self.derived_ids)
                if did in used:
                    continue
                used.add(did)
                d = self.v.derived[did]
                if rng.random() < 0.5:
                    return {did: rng.choice(list(d["bands"]))}
                return {did: f"> {num(round(rng.uniform(d['hi'] * 0.2, d['hi'] * 0.7), 1))}"}
            if kind == "treatment":
                o = self.pick(self.core_options, self.option_ids, 0.6)
                if ("opt", o) in used:
                    continue
                used.add(("opt", o))
                return {rng.choice(["taking", "failed", "failed", "tried"]): o}
            if kind == "age":
                if "age" in used:
                    continue
                used.add("age")
                return {"age": rng.choice([">= 65", ">= 18", "< 40", ">= 50", "18..64"])}
            if kind == "sex":
                if "sex" in used:
                    continue
                used.add("sex")
                return {"sex": rng.choice(["female", "male"])}
            fact = rng.choice(self.core_markers + self.core_scales)
            if fact in used:
                continue
            used.add(fact)
            return {rng.choice(["known", "missing"]): fact}
        raise RuntimeError("could not draw a fresh leaf")

    def tree(self, leaves, op, depth):
        """all/any over the leaves: at the top, runs of 2-3 leaves become a nested any/all
        (one level deeper at most twice); single condition leaves are sometimes negated."""
        items, i = [], 0
        while i < len(leaves):
            left = len(leaves) - i
            k = self.rng.randint(2, min(3, left)) if left >= 2 else 1
            if depth < 2 and k < len(leaves) and k >= 2 and self.rng.random() < 0.3:
                items.append(self.tree(leaves[i:i + k], "any" if op == "all" else "all", depth + 1))
                i += k
            else:
                leaf = leaves[i]
                i += 1
                if "condition" in leaf and self.rng.random() < 0.15:
                    leaf = {"not": leaf}
                items.append(leaf)
        return {op: items}

    def rule(self, index):
        rng = self.rng
        used = set()
        primary = self.pick(self.core_conds[:7], self.v.synth_conditions, 0.5)
        used.add(primary)
        n = rng.choices([3, 4, 5, 6, 7, 8], [20, 25, 22, 15, 10, 8])[0]
        leaves = [self.leaf(used) for _ in range(n - 1)]
        if rng.random() < 0.9:
            # The usual shape: the condition the rule is about, and more findings beside it.
            body = self.tree(leaves, "all", 0)["all"]
            when = {"all": [{"condition": primary}] + body}
        else:
            when = {"any": [{"condition": primary}] + self.tree(leaves, "any", 1)["any"]}
        avoid = rng.random() < 0.12
        allow = []
        if avoid:
            option = rng.choice(self.avoid_pool)
        elif rng.random() < 0.03:
            option = rng.choice(self.avoid_pool)
            allow = ["conflict"]
        else:
            option = self.pick(self.recommend_core, self.recommend_all, 0.35)
        unless = []
        if rng.random() < 0.35:
            if ("opt", option) not in used:
                used.add(("opt", option))
                unless.append({"tried": option})
            if rng.random() < 0.5:
                unless.append(self.leaf(used))
        topic = primary.split("_")[0]
        return dict(
            id=f"gen.{topic}.r{index:05d}",
            title=f"{self.v.conditions[primary].replace(' (synthetic)', '')} - {'avoid' if avoid else 'consider'} "
                  f"{self.v.options[option]['name'].split(' (')[0].lower()}",
            when=when, unless=unless, action=("avoid" if avoid else "recommend", option), allow=allow,
            strength="strong" if rng.random() < 0.25 else "conditional",
            priority=rng.randint(10, 95),
            because=f"{rng.choice(REASONS)}; {rng.choice(CAVEATS)}",
            evidence=rng.sample(self.evidence_ids, rng.randint(1, min(3, len(self.evidence_ids)))))


# --- YAML writing (block style like the shipped rules; short leaves in flow style) -------

def predicate_lines(p, indent):
    """Lines for one predicate as a mapping at `indent` (the first line without the dash)."""
    (key, value), = p.items()
    pad = " " * indent
    if key in ("all", "any"):
        out = [f"{pad}{key}:"]
        for item in value:
            sub = predicate_lines(item, indent + 4)
            out.append(f"{pad}  - {sub[0].lstrip()}")
            out.extend(sub[1:])
        return out
    if key == "not":
        (k2, v2), = value.items()
        if k2 not in ("all", "any"):
            return [f"{pad}not: {{ {k2}: {scalar(v2)} }}"]
        sub = predicate_lines(value, indent + 2)
        return [f"{pad}not:"] + sub
    return [f"{pad}{key}: {scalar(value)}"]


def scalar(v):
    if isinstance(v, str) and (v[:1] in "<>=!" or ".." in v or " " in v or v[:1].isdigit()):
        return q(v)
    return str(v)


def flow(p):
    (key, value), = p.items()
    if key in ("all", "any"):
        return f"{{ {key}: [ " + ", ".join(flow(i) for i in value) + " ] }"
    if key == "not":
        return f"{{ not: {flow(value)} }}"
    return f"{{ {key}: {scalar(value)} }}"


def write_rules(path, rules):
    out = ["# Synthetic benchmark rules written by Benchmarks/generate-rules.py. Not clinical advice.", "", "rules:"]
    for r in rules:
        out.append(f"  - id: {r['id']}")
        out.append(f"    title: {q(r['title'])}")
        out.append("    when:")
        out.extend(predicate_lines(r["when"], 6))
        if r["unless"]:
            out.append("    unless:")
            for u in r["unless"]:
                sub = predicate_lines(u, 8)
                out.append(f"      - {sub[0].lstrip()}")
                out.extend(sub[1:])
        verb, option = r["action"]
        out.append(f"    {verb}: {option}")
        out.append(f"    strength: {r['strength']}")
        out.append(f"    priority: {r['priority']}")
        out.append(f"    because: >-")
        out.append(f"      {r['because']}")
        out.append(f"    evidence: [{', '.join(r['evidence'])}]")
        if r["allow"]:
            out.append(f"    allow: [{', '.join(r['allow'])}]")
        out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def write_vocabulary(out_dir, v, n_rules):
    os.makedirs(os.path.join(out_dir, "vocabulary"), exist_ok=True)
    with open(os.path.join(out_dir, "ruleset.yaml"), "w") as f:
        f.write(f"""# Synthetic rule set for Regimen's benchmarks (Benchmarks/generate-rules.py). Not clinical advice.
ruleset:
  name: synthetic-benchmark-{n_rules}
  version: "1"
  disclaimer: >-
    Synthetic benchmark content: not clinical advice and not reviewed by a clinician.
  description: >-
    {n_rules} generated rules over a generated vocabulary that includes the core ids of the
    shipped rule set, so that the same profiles bind against both.
""")
    lines = ["conditions:"]
    for cid, name in v.conditions.items():
        lines.append(f"  {cid}: {{ name: {q(name)} }}")
    for cid, name in v.screened.items():
        lines.append(f"  {cid}: {{ name: {q(name)}, assume: unknown }}")
    with open(os.path.join(out_dir, "vocabulary", "conditions.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lines = ["markers:"]
    for mid, m in v.markers.items():
        lines.append(f"  {mid}:")
        lines.append(f"    name: {q(m['name'])}")
        lines.append(f"    unit: {m['unit']}")
        if m["units"]:
            lines.append("    units: { " + ", ".join(f"{u}: {num(fct)}" for u, fct in m["units"].items()) + " }")
        if m["bands"]:
            lines.append("    bands: { " + ", ".join(f"{b}: {q(t)}" for b, t in m["bands"].items()) + " }")
        lines.append(f"    range: [0, {m['top']}]")
    with open(os.path.join(out_dir, "vocabulary", "markers.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lines = ["scales:"]
    for sid, s in v.scales.items():
        lines.append(f"  {sid}:")
        lines.append(f"    name: {q(s['name'])}")
        lines.append(f"    range: [{s['lo']}, {s['hi']}]")
        if s["integer"]:
            lines.append("    integer: true")
        lines.append("    bands: { " + ", ".join(f"{b}: {q(t)}" for b, t in s["bands"].items()) + " }")
    with open(os.path.join(out_dir, "vocabulary", "scales.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lines = ["derived:"]
    for did, d in v.derived.items():
        lines.append(f"  {did}:")
        lines.append(f"    name: {q(d['name'])}")
        lines.append(f"    formula: {q(d['formula'])}")
        lines.append(f"    range: [{num(d['lo'])}, {num(d['hi'])}]")
        lines.append("    bands: { " + ", ".join(f"{b}: {q(t)}" for b, t in d["bands"].items()) + " }")
    with open(os.path.join(out_dir, "vocabulary", "derived.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lines = ["options:"]
    for oid, o in v.options.items():
        lines.append(f"  {oid}:")
        lines.append(f"    name: {q(o['name'])}")
        lines.append(f"    kind: {o['kind']}")
        if "contra" in o:
            lines.append("    contraindicated_if:")
            lines.extend(predicate_lines(o["contra"], 6))
            lines.append("    checks:")
            lines.extend(f"      - {c}" for c in o["checks"])
    with open(os.path.join(out_dir, "vocabulary", "options.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lines = ["evidence:"]
    for eid, e in v.evidence.items():
        lines.append(f"  {eid}:")
        lines.append(f"    title: {q(e['title'])}")
        lines.append(f"    source: {q(e['source'])}")
        lines.append(f"    year: {e['year']}")
    with open(os.path.join(out_dir, "evidence.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def generate(n_rules, seed):
    rng = random.Random(f"{seed}-{n_rules}")
    vocab = Vocabulary(rng, n_rules)
    writer = RuleWriter(rng, vocab)
    return vocab, [writer.rule(i + 1) for i in range(n_rules)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rules", type=int, help="number of rules")
    parser.add_argument("--out", required=True, help="output directory (created; existing generated files are replaced)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--rules-per-file", type=int, default=1000, help="rules per file under rules/ (default 1000)")
    args = parser.parse_args()
    vocab, rules = generate(args.rules, args.seed)
    os.makedirs(os.path.join(args.out, "rules"), exist_ok=True)
    for name in os.listdir(os.path.join(args.out, "rules")):
        if name.startswith("rules-") and name.endswith(".yaml"):
            os.remove(os.path.join(args.out, "rules", name))
    write_vocabulary(args.out, vocab, args.rules)
    for start in range(0, len(rules), args.rules_per_file):
        write_rules(os.path.join(args.out, "rules", f"rules-{start // args.rules_per_file + 1:03d}.yaml"),
                    rules[start:start + args.rules_per_file])


if __name__ == "__main__":
    main()
