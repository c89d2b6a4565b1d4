// Embedding Regimen in another tool: load the rule set once, then evaluate profiles parsed
// from text or built in code, and read the structured results. Run with
//   swift run regimen-example
import Regimen

do {
    // The rule set compiled into the library from Rules/; or .path("Rules"), .text(yaml, name:).
    let engine = try Engine.load()
    print("Loaded \(engine.identity.name) \(engine.identity.version): \(engine.ruleSet.rules.count) rules")

    // A profile from YAML (JSON works the same with format: .json).
    let parsed = try engine.profile(from: """
        id: embedded-example
        age: 58
        sex: female
        conditions: [rheumatoid_arthritis]
        ruled_out: [latent_tb, hepatitis_b, pregnancy]
        markers: { crp: 1.8 mg/dL }
        scales: { das28_crp: 5.4 }
        treatments: [ { option: methotrexate, status: current, response: inadequate } ]
        """, name: "embedded-example.yaml")

    // The same patient built in code.
    var built = Profile(id: "built-in-code")
    built.age = 58
    built.sex = .female
    built.add(condition: "rheumatoid_arthritis")
    for id in ["latent_tb", "hepatitis_b", "pregnancy"] { built.ruleOut(id) }
    built.set(marker: "crp", 1.8, unit: "mg/dL")
    built.set(scale: "das28_crp", 5.4)
    built.add(treatment: "methotrexate", status: .current, response: .inadequate)

    for profile in [parsed, built] {
        let evaluation = try engine.evaluate(profile, asOf: "2026-11-24")
        print("\n\(profile.id ?? "?"):")
        for r in evaluation.recommendations {
            let checks = r.requires.isEmpty ? "" : " (rule out first: \(r.requires.joined(separator: ", ")))"
            print("  \(r.strength.rawValue) \(r.option)\(checks) because \(r.because.map(\.rule).joined(separator: ", "))")
        }
        for w in evaluation.withheld { print("  withheld \(w.option): \(w.contraindication)") }
        for g in evaluation.gaps { print("  missing \(g.fact): could enable \(g.options.joined(separator: ", "))") }
    }

    // Errors are values with locations, all at once.
    do {
        _ = try engine.profile(from: "id: x\nconditions: [fibromyalgai]\n", name: "typo.yaml")
    } catch {
        print("\nA profile with a typo is refused:\n\(error)")
    }
} catch {
    print("Regimen could not load its rules:\n\(error)")
}
