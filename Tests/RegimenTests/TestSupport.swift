import Foundation
@testable import Regimen

/// Paths inside the package, so tests run from any working directory.
enum Package {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static let fixtures: [String] = SourceReader.yamlFiles(under: path("Fixtures"))
        + ((try? FileManager.default.contentsOfDirectory(atPath: path("Fixtures"))) ?? [])
            .filter { $0.hasSuffix(".json") }.map { path("Fixtures/" + $0) }.sorted()

    /// The shipped rule set, loaded from Rules/ once per test process.
    static let shippedEngine: Engine = {
        do { return try Engine.load([.path(path("Rules"))]) } catch { fatalError("Rules/ does not load:\n\(error)") }
    }()
}

/// A small rule set written for one test: vocabulary plus rules, loaded from memory.
enum Snippet {
    static let vocabulary = """
        ruleset: { name: test-set, version: "1" }
        conditions:
          rheumatoid_arthritis: { name: Rheumatoid arthritis }
          fibromyalgia: { name: Fibromyalgia }
          active_infection: { name: Active infection }
          latent_tb: { name: Latent tuberculosis infection, assume: unknown }
          pregnancy: { name: Pregnancy, assume: unknown }
        markers:
          crp:
            name: C-reactive protein
            unit: mg/L
            units: { mg/dL: 10 }
            bands: { normal: "<= 10", elevated: "> 10" }
          cortisol: { name: Serum cortisol, unit: nmol/L, units: { ug/dL: 27.59 } }
          il6: { name: Interleukin-6, unit: pg/mL }
        scales:
          pss10: { name: PSS-10, range: [0, 40], bands: { low: "0..13", moderate: "14..26", high: "27..40" } }
          phq9: { name: PHQ-9, range: [0, 27] }
        options:
          tnf_inhibitor:
            name: TNF inhibitor
            kind: immunomodulatory
            contraindicated_if: { any: [ { condition: active_infection }, { condition: latent_tb } ] }
            checks: [Screen for latent TB]
          il6_inhibitor: { name: IL-6 inhibitor, kind: immunomodulatory, contraindicated_if: { condition: active_infection } }
          methotrexate: { name: Methotrexate, kind: immunomodulatory, contraindicated_if: { condition: pregnancy } }
          exercise: { name: Exercise, kind: holistic }
          mbsr: { name: MBSR, kind: holistic }
          cbt: { name: CBT, kind: holistic }
          opioid: { name: Opioid, kind: pharmacological }
        evidence:
          ev1: { title: Test evidence, source: Test journal, year: 2020 }

        """

    /// An engine from the vocabulary above plus `rules` (YAML text of a `rules:` section).
    static func engine(_ rules: String) throws -> Engine {
        try Engine.load([.text(vocabulary, name: "vocabulary.yaml"), .text(rules, name: "rules.yaml")])
    }

    static func profile(_ engine: Engine, _ yaml: String) throws -> Profile {
        try engine.profile(from: yaml, name: "profile.yaml")
    }

    static func evaluate(_ engine: Engine, _ yaml: String) throws -> Evaluation {
        try engine.evaluate(profile(engine, yaml))
    }
}
