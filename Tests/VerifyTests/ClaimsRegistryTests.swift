import Evidence
import Foundation
import Testing

@testable import Suite

/// The claim registry is the one list every command reads (`Claims`): these tests hold the
/// invariants that make "one file per claim" safe — unique identifiers, and every protocol
/// and calibration attached to checks that exist.
struct ClaimsRegistryTests {
    /// The checks a protocol's `check` field names ("5b", "7a, 7b").
    private func covered(by protocolCheck: String) -> [String] {
        let names = protocolCheck.split(whereSeparator: { $0 == "," || $0 == "/" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return Claims.checks.map(\.id).filter { id in names.contains { Claims.selects($0, id) } }
    }

    @Test func checkIdentifiersAreUniqueAndNonEmpty() {
        let ids = Claims.checks.map(\.id)
        #expect(!ids.isEmpty)
        #expect(Set(ids).count == ids.count, "duplicate check identifiers: \(ids)")
        #expect(ids.allSatisfy { !$0.isEmpty && !$0.contains(" ") })
    }

    @Test func everyProtocolNamesExistingChecksOnce() {
        var seen: [String] = []
        for p in Claims.protocols {
            let checks = covered(by: p.check)
            #expect(!checks.isEmpty, "protocol \(p.check) names no check of the suite")
            seen += checks
        }
        #expect(Set(seen).count == seen.count, "a check is governed by two protocols: \(seen)")
    }

    @Test func everyCalibrationBelongsToAProtocolledCheck() {
        let ids = Claims.calibrations.map(\.check)
        #expect(Set(ids).count == ids.count, "a check is calibrated twice: \(ids)")
        let governed = Set(Claims.protocols.flatMap { covered(by: $0.check) })
        for id in ids {
            #expect(Claims.checks.contains { $0.id == id }, "calibration \(id) names no check")
            #expect(governed.contains(id), "calibration \(id) has no protocol")
        }
    }

    /// A rule with a significance level decides on sampled data, so it must be calibrated
    /// by simulation; a rule without one (3b: exact counts of one deterministic run) need not.
    @Test func everyRuleWithASignificanceLevelIsCalibrated() {
        let calibrated = Set(Claims.calibrations.map(\.check))
        for p in Claims.protocols where p.alpha != nil {
            for id in covered(by: p.check) {
                #expect(calibrated.contains(id), "\(id) decides at α = \(p.alpha!) but has no calibration")
            }
        }
    }

    @Test func selectionByPrefixTakesPartsButNotLongerNumbers() {
        #expect(Claims.selects("7", "7a"))
        #expect(Claims.selects("7", "7"))
        #expect(!Claims.selects("1", "10"))
        #expect(!Claims.selects("E", "E1"))
        #expect(!Claims.selects("7a", "7b"))
    }
}
