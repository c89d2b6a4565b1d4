/// The JSON contract (README.md and DESIGN.md): field names are public and never renamed. Three-valued
/// results are `true`, `false` or `null` (unknown).
extension ReportRenderer {
    /// The evaluation as the JSON contract of the README: snake_case field names (`as_of`, `fired_rules`,
    /// `canonical_value`), three-valued results as `true`, `false` or `null`. `pretty: false` gives one line,
    /// for JSON Lines.
    public static func json(_ e: Evaluation, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.object { w in
            w.key("profile"); w.value(e.profile)
            w.key("ruleset"); w.objectValue { w in
                w.key("name"); w.value(e.ruleset.name)
                w.key("version"); w.value(e.ruleset.version)
                w.key("hash"); w.value(e.ruleset.hash)
            }
            w.key("engine"); w.value("regimen \(Engine.version)")
            w.key("as_of"); w.value(e.asOf)
            w.key("recommendations"); w.arrayValue { w in
                for r in e.recommendations {
                    w.objectValue { w in
                        w.key("option"); w.value(r.option)
                        w.key("name"); w.value(r.name)
                        w.key("kind"); w.value(r.kind.rawValue)
                        w.key("strength"); w.value(r.strength.rawValue)
                        w.key("priority"); w.value(r.priority)
                        w.key("requires"); w.strings(r.requires)
                        w.key("requirements"); w.arrayValue { w in
                            for q in r.requirements {
                                w.objectValue { w in
                                    w.key("fact"); w.value(q.fact)
                                    w.key("name"); w.value(q.name)
                                    w.key("source"); w.value(q.source)
                                }
                            }
                        }
                        w.key("checks"); w.strings(r.checks)
                        w.key("because"); reasons(r.because, &w)
                    }
                }
            }
            w.key("avoid"); w.arrayValue { w in
                for a in e.avoid {
                    w.objectValue { w in
                        w.key("option"); w.value(a.option)
                        w.key("name"); w.value(a.name)
                        w.key("because"); reasons(a.because, &w)
                        w.key("overrides"); w.strings(a.overrides)
                    }
                }
            }
            w.key("withheld"); w.arrayValue { w in
                for h in e.withheld { withholding(h, &w) }
            }
            w.key("gaps"); w.arrayValue { w in
                for g in e.gaps {
                    w.objectValue { w in
                        w.key("fact"); w.value(g.fact)
                        w.key("name"); w.value(g.name)
                        w.key("rules"); w.strings(g.rules)
                        w.key("options"); w.strings(g.options)
                        if let reason = g.reason { w.key("reason"); w.value(reason) }
                        if !g.needs.isEmpty { w.key("needs"); w.strings(g.needs) }
                    }
                }
            }
            w.key("derived"); w.objectValue { w in
                for d in e.derived {
                    w.key(d.id); w.objectValue { w in
                        w.key("name"); w.value(d.name)
                        w.key("value"); if let v = d.value { w.number(v) } else { w.value(nil as String?) }
                        w.key("band"); w.value(d.band)
                        w.key("source"); w.value(d.source.rawValue)
                        if d.source == .given, let c = d.computed { w.key("computed"); w.number(c) }
                        if let r = d.reason { w.key("reason"); w.value(r) }
                        w.key("inputs"); w.objectValue { w in
                            for input in d.inputs { w.key(input.id); w.value(input.value) }
                        }
                    }
                }
            }
            w.key("fired_rules"); w.strings(e.firedRules)
            w.key("disclaimer"); w.value(e.disclaimer)
        }
        return w.output
    }

    /// A ``WhyNot`` explanation as JSON (`--why-not` with `--format json`); `profile` is the profile id to
    /// echo.
    public static func json(_ why: WhyNot, profile: String?, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.object { w in
            w.key("profile"); w.value(profile)
            w.key("option"); w.value(why.option)
            w.key("name"); w.value(why.name)
            w.key("verdict"); w.value(why.verdict.rawValue)
            w.key("rules"); w.arrayValue { w in
                for s in why.rules {
                    w.objectValue { w in
                        w.key("rule"); w.value(s.rule)
                        w.key("title"); w.value(s.title)
                        w.key("action"); w.value(s.isAvoid ? "avoid" : "recommend")
                        w.key("outcome"); w.value(s.outcome.rawValue)
                        w.key("matched"); matches(s.matched, &w)
                        w.key("missing"); w.strings(s.missing)
                    }
                }
            }
            w.key("withheld")
            if let h = why.withheld { withholding(h, &w) } else { w.value(nil as String?) }
        }
        return w.output
    }

    private static func withholding(_ h: Withholding, _ w: inout JSONWriter) {
        w.objectValue { w in
            w.key("option"); w.value(h.option)
            w.key("name"); w.value(h.name)
            w.key("rule"); w.value(h.rule)
            w.key("rules"); w.strings(h.rules)
            w.key("contraindication"); w.value(h.contraindication)
            w.key("matched"); matches(h.matched, &w)
        }
    }

    private static func reasons(_ reasons: [Reason], _ w: inout JSONWriter) {
        w.arrayValue { w in
            for r in reasons {
                w.objectValue { w in
                    w.key("rule"); w.value(r.rule)
                    w.key("title"); w.value(r.title)
                    w.key("text"); w.value(r.text)
                    w.key("strength"); w.value(r.strength.rawValue)
                    w.key("priority"); w.value(r.priority)
                    w.key("evidence"); w.strings(r.evidence)
                    w.key("matched"); matches(r.matched, &w)
                }
            }
        }
    }

    private static func matches(_ matches: [Match], _ w: inout JSONWriter) {
        w.arrayValue { w in
            for m in matches {
                w.objectValue { w in
                    w.key("test"); w.value(m.test)
                    w.key("value"); w.value(m.value)
                    if let c = m.canonicalValue { w.key("canonical_value"); w.value(c) }
                    w.key("result"); w.value(m.result == .unknown ? nil : m.result == .true)
                    w.key("role"); w.value(m.role.rawValue)
                    if let note = m.note { w.key("note"); w.value(note) }
                }
            }
        }
    }
}
