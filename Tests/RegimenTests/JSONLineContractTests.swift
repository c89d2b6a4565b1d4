import Foundation
import Testing
@testable import Regimen

/// The one-line JSON of an unedited evaluation is written from the compact decision, with
/// constant fragments and numbers of its own; the contract is what the general writer makes
/// from the public values. An edit that changes nothing sends a copy down the general path.
@Suite struct JSONLineContractTests {
    @Test(arguments: Package.fixtures)
    func fastLineEqualsTheGeneralWriter(path: String) throws {
        let engine = Package.shippedEngine
        let evaluation = try engine.evaluate(try engine.profile(contentsOf: path))
        var general = evaluation
        general.profile = evaluation.profile
        #expect(evaluation.isUnedited && !general.isUnedited)
        #expect(ReportRenderer.json(evaluation, pretty: false) == ReportRenderer.json(general, pretty: false))
    }
}
