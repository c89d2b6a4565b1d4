/// The JSON contract (README.md and DESIGN.md): field names are public and never renamed. Three-valued
/// results are `true`, `false` or `null` (unknown).
extension ReportRenderer {
    /// The evaluation as the JSON contract of the README: snake_case field names (`as_of`, `fired_rules`,
    /// `canonical_value`), three-valued results as `true`, `false` or `null`. `pretty: false` gives one line,
    /// for JSON Lines.
    public static func json(_ e: Evaluation, pretty: Bool = true) -> String {
        if !pretty, e.isUnedited {
            var line = JSONLineWriter()
            e.storage.writeJSONLine(&line)
            var bytes: [UInt8] = []
            line.finish(appendingTo: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        var w = JSONWriter(pretty: pretty)
        w.object { w in
            w.field("profile"); w.value(e.profile)
            w.field("ruleset"); w.objectValue { w in
                w.field("name"); w.value(e.ruleset.name)
                w.field("version"); w.value(e.ruleset.version)
                w.field("hash"); w.value(e.ruleset.hash)
            }
            w.field("engine"); w.value("regimen \(Engine.version)")
            w.field("as_of"); w.value(e.asOf)
            w.field("recommendations"); w.arrayValue { w in
                for r in e.recommendations {
                    w.objectValue { w in
                        w.field("option"); w.value(r.option)
                        w.field("name"); w.value(r.name)
                        w.field("kind"); w.value(r.kind.rawValue)
                        w.field("strength"); w.value(r.strength.rawValue)
                        w.field("priority"); w.value(r.priority)
                        w.field("requires"); w.strings(r.requires)
                        w.field("requirements"); w.arrayValue { w in
                            for q in r.requirements {
                                w.objectValue { w in
                                    w.field("fact"); w.value(q.fact)
                                    w.field("name"); w.value(q.name)
                                    w.field("source"); w.value(q.source)
                                }
                            }
                        }
                        w.field("checks"); w.strings(r.checks)
                        w.field("because"); reasons(r.because, &w)
                    }
                }
            }
            w.field("avoid"); w.arrayValue { w in
                for a in e.avoid {
                    w.objectValue { w in
                        w.field("option"); w.value(a.option)
                        w.field("name"); w.value(a.name)
                        w.field("because"); reasons(a.because, &w)
                        w.field("overrides"); w.strings(a.overrides)
                    }
                }
            }
            w.field("withheld"); w.arrayValue { w in
                for h in e.withheld { withholding(h, &w) }
            }
            w.field("gaps"); w.arrayValue { w in
                for g in e.gaps {
                    w.objectValue { w in
                        w.field("fact"); w.value(g.fact)
                        w.field("name"); w.value(g.name)
                        w.field("rules"); w.strings(g.rules)
                        w.field("options"); w.strings(g.options)
                        if let reason = g.reason { w.field("reason"); w.value(reason) }
                        if !g.needs.isEmpty { w.field("needs"); w.strings(g.needs) }
                    }
                }
            }
            w.field("derived"); w.objectValue { w in
                for d in e.derived {
                    w.key(d.id); w.objectValue { w in
                        w.field("name"); w.value(d.name)
                        w.field("value"); if let v = d.value { w.number(v) } else { w.value(nil as String?) }
                        w.field("band"); w.value(d.band)
                        if let unit = d.unit { w.field("unit"); w.value(unit) }
                        w.field("source"); w.value(d.source.rawValue)
                        if d.source == .given, let c = d.computed { w.field("computed"); w.number(c) }
                        if let r = d.reason { w.field("reason"); w.value(r) }
                        w.field("inputs"); w.objectValue { w in
                            for input in d.inputs { w.key(input.id); w.value(input.value) }
                        }
                    }
                }
            }
            w.field("fired_rules"); w.strings(e.firedRules)
            w.field("disclaimer"); w.value(e.disclaimer)
        }
        return w.output
    }

    /// A ``WhyNot`` explanation as JSON (`--why-not` with `--format json`); `profile` is the profile id to
    /// echo.
    public static func json(_ why: WhyNot, profile: String?, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.object { w in
            w.field("profile"); w.value(profile)
            w.field("option"); w.value(why.option)
            w.field("name"); w.value(why.name)
            w.field("verdict"); w.value(why.verdict.rawValue)
            w.field("rules"); w.arrayValue { w in
                for s in why.rules {
                    w.objectValue { w in
                        w.field("rule"); w.value(s.rule)
                        w.field("title"); w.value(s.title)
                        w.field("action"); w.value(s.isAvoid ? "avoid" : "recommend")
                        w.field("outcome"); w.value(s.outcome.rawValue)
                        w.field("matched"); matches(s.matched, &w)
                        w.field("missing"); w.strings(s.missing)
                    }
                }
            }
            w.field("withheld")
            if let h = why.withheld { withholding(h, &w) } else { w.value(nil as String?) }
        }
        return w.output
    }

    private static func withholding(_ h: Withholding, _ w: inout JSONWriter) {
        w.objectValue { w in
            w.field("option"); w.value(h.option)
            w.field("name"); w.value(h.name)
            w.field("rule"); w.value(h.rule)
            w.field("rules"); w.strings(h.rules)
            w.field("contraindication"); w.value(h.contraindication)
            w.field("matched"); matches(h.matched, &w)
        }
    }

    private static func reasons(_ reasons: [Reason], _ w: inout JSONWriter) {
        w.arrayValue { w in
            for r in reasons {
                w.objectValue { w in
                    w.field("rule"); w.value(r.rule)
                    w.field("title"); w.value(r.title)
                    w.field("text"); w.value(r.text)
                    w.field("strength"); w.value(r.strength.rawValue)
                    w.field("priority"); w.value(r.priority)
                    w.field("evidence"); w.strings(r.evidence)
                    w.field("matched"); matches(r.matched, &w)
                }
            }
        }
    }

    private static func matches(_ matches: [Match], _ w: inout JSONWriter) {
        w.arrayValue { w in
            for m in matches {
                w.objectValue { w in
                    w.field("test"); w.value(m.test)
                    w.field("value"); w.value(m.value)
                    if let c = m.canonicalValue { w.field("canonical_value"); w.value(c) }
                    w.field("result"); w.value(m.result == .unknown ? nil : m.result == .true)
                    w.field("role"); w.value(m.role.rawValue)
                    if let note = m.note { w.field("note"); w.value(note) }
                }
            }
        }
    }
}
