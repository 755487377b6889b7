import Exact
import Foundation
import PropertyBased
import Reference
import TestSupport
import Testing

@Suite("Input files: CSV data and JSON parameters")
struct InputFileTests {
    @Test func csvReadsExactValuesInEverySyntax() throws {
        let data = try Dataset(csv: "x1,x2,y\n1, 0.1 ,-7/3\r\n\n# comment\n1e-3,0x1.8p-3,2\n", file: "d.csv")
        #expect(data.points == [[1, Rational(1, 10)], [Rational(1, 1000), Rational(3, 16)]])
        #expect(data.targets == [Rational(-7, 3), 2])
    }

    @Test func csvRoundTripsGeneratedDatasets() async {
        await seededPropertyCheck(count: 50, input: Gen.int(in: 1...4), Gen.int(in: -1000...1000).array(of: 1...40)) { d, values in
            let rows = values.count / (d + 1)
            guard rows > 0 else { return }
            let points = (0..<rows).map { r in (0..<d).map { Rational(values[r * (d + 1) + $0], 7) } }
            let targets = (0..<rows).map { Rational(values[$0 * (d + 1) + d], 3) }
            let data = try Dataset(points: points, targets: targets)
            #expect(try Dataset(csv: data.csv) == data)
        }
    }

    @Test(
        arguments: [
            ("", nil, nil, "empty file"),
            ("x1,y\n", nil, nil, "no data rows"),
            ("a,b\n1,2\n", 1, nil, "header must be"),
            ("x1,x2,y\n1,2\n", 2, nil, "2 fields, the header has 3"),
            ("x1,y\n1,2\n3,abc\n", 3, "y", "invalid number"),
            ("x1,y\n1/0,2\n", 2, "x1", "division by zero"),
            ("x1,y\nnan,2\n", 2, "x1", "not a finite number"),
            ("x1,y\n1e999999,2\n", 2, "x1", "exponent"),
            ("x1,y\n,2\n", 2, "x1", "empty"),
        ] as [(String, Int?, String?, String)])
    func csvErrorsNameFileLineAndField(text: String, line: Int?, field: String?, fragment: String) {
        do {
            _ = try Dataset(csv: text, file: "bad.csv")
            Issue.record("accepted malformed data: \(text.debugDescription)")
        } catch {
            #expect(error.file == "bad.csv")
            #expect(error.line == line)
            #expect(error.field == field)
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func paramsRoundTripExactly() throws {
        let network = try TwoLayerNetwork(
            s: Rational(3, 2), scale: Rational(1, 3), outer: [1, -1, Rational(1, 7)],
            inner: [[Rational(1, 10), 2], [0, -1], [Rational(-5, 4), Rational(1, 3)]])
        let read = try TwoLayerNetwork(paramsJSON: Data(network.paramsJSON.utf8))
        #expect(read == network)
        let overridden = try TwoLayerNetwork(paramsJSON: Data(network.paramsJSON.utf8), s: 1)
        #expect(overridden.s == 1)
    }

    @Test func paramsWithoutScaleNeedASquareWidth() throws {
        let square = #"{"s": "1", "a": ["1", "-1", "1", "-1"], "W": [["1"], ["2"], ["3"], ["4"]]}"#
        #expect(try TwoLayerNetwork(paramsJSON: Data(square.utf8)).scale == Rational(1, 2))
        let three = #"{"s": "1", "a": ["1", "-1", "1"], "W": [["1"], ["2"], ["3"]]}"#
        #expect(throws: InputFileError.self) { try TwoLayerNetwork(paramsJSON: Data(three.utf8)) }
    }

    @Test(
        arguments: [
            (#"{"s": 1.5, "a": ["1"], "W": [["1"]]}"#, "s", "JSON strings"),
            (#"{"s": "1", "a": ["1", "x"], "W": [["1"], ["1"]], "scale": "1"}"#, "a[2]", "invalid number"),
            (#"{"s": "1", "a": ["1"], "W": [["1", "1/0"]], "scale": "1"}"#, "W[1][2]", "division by zero"),
            (#"{"s": "1", "a": ["1"], "W": [["1"]], "bias": "1"}"#, "bias", "unknown key"),
            (#"{"s": "1", "a": ["1"]}"#, "W", "expected an array"),
            (#"[1, 2]"#, nil, "JSON object"),
            (#"{"s": "1", "a": ["1"], "W": [["1"], ["2"]], "scale": "1"}"#, nil, "1 outer weights but 2"),
            (#"{"s": "1", "a": ["1"], "W": [["1"]], "scale": "-1"}"#, nil, "positive"),
            ("{", nil, "not valid JSON"),
        ] as [(String, String?, String)])
    func paramsErrorsNameTheField(text: String, field: String?, fragment: String) {
        do {
            _ = try TwoLayerNetwork(paramsJSON: Data(text.utf8), file: "p.json")
            Issue.record("accepted malformed parameters: \(text)")
        } catch {
            #expect(error.file == "p.json")
            #expect(error.field == field)
            #expect(error.description.contains(fragment), "\(error)")
        }
    }
}
