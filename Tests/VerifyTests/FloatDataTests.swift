import Exact
import Reference
import Testing

@testable import Suite

/// `FloatData`, the one Rational → Float conversion of `train --data` and the suite's `--data`.
@Suite("FloatData: exact data rounded to Float, counted")
struct FloatDataTests {
    @Test func roundsToNearestAndCountsOnlyTheValuesThatChanged() throws {
        // 1/2, 3 and −0.25 are Floats; 1/10 and 1/3 are not (rounded to nearest, ties to even).
        let data = try Dataset(points: [[Rational(1, 2), Rational(1, 10)], [3, Rational(1, 3)]], targets: [Rational(-1, 4), 1])
        let converted = try FloatData(data)
        #expect(converted.roundedValues == 2)
        #expect(converted.totalValues == 6)
        #expect(converted.dataset.point(0) == [0.5, Float(0.1)])
        #expect(converted.dataset.point(1) == [3, Float(1.0 / 3.0)])
        #expect(converted.dataset.targets == [-0.25, 1])
        let firstRow = try FloatData(data, rows: 1)
        #expect(firstRow.dataset.count == 1 && firstRow.totalValues == 3 && firstRow.roundedValues == 1)
    }

    @Test func aValueBeyondTheFloatRangeIsRefusedByItsPlace() throws {
        let data = try Dataset(points: [[1], [try Rational(parsing: "1e39")]], targets: [0, 0])
        #expect(throws: InputError("sample 2, x1: 1000000000000000000000000000000000000000 is beyond the Float range (±\(Float.greatestFiniteMagnitude))")) {
            try FloatData(data)
        }
    }
}
