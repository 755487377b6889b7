import Exact
import PropertyBased
import TestSupport
import Testing

// Text output and parsing of `Rational`.

/// `10^n` for any integer `n`, by repeated multiplication.
private func rationalTenToThe(_ n: Int) -> Rational {
    var power = BigInt(1)
    for _ in 0..<n.magnitude { power = power * BigInt(10) }
    return n >= 0 ? Rational(power) : Rational(BigInt(1), power)
}

/// Parses `text`, recording an issue (and returning nil) when it throws.
private func parsed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Rational? {
    do {
        return try Rational(parsing: text)
    } catch {
        Issue.record("\"\(text)\" did not parse: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

@Suite("Rational description and parse round trip")
struct RationalDescriptionTests {
    @Test func descriptionIsExact() {
        #expect(Rational(-7, 3).description == "-7/3")
        #expect(Rational(5).description == "5")
        #expect(Rational(10, 2).description == "5")
        #expect(Rational(6, -4).description == "-3/2")
        #expect(Rational().description == "0")
        #expect(Rational(BigInt(1), twoToThe(64)).description == "1/18446744073709551616")
    }

    @Test func descriptionHasTheShapeOfTheReducedFraction() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalWide) { q in
            let text = q.description
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            if q.isInteger {
                #expect(parts.count == 1)
                #expect(BigInt(text) == q.numerator)
            } else {
                #expect(parts.count == 2)
                #expect(BigInt(String(parts[0])) == q.numerator)
                #expect(BigInt(String(parts[1])) == q.denominator)
                #expect(parts[1].first != "-" && parts[1].first != "+")
            }
        }
    }

    @Test func parsingTheDescriptionRoundTrips() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalWide) { q in
            let reparsed = try Rational(parsing: q.description)
            let padded = try Rational(parsing: "  \(q)\t")
            #expect(reparsed == q)
            #expect(padded == q)
            #expect(Rational(q.description) == q)
        }
    }
}

@Suite("Rational parsing of accepted syntax")
struct RationalParsingTests {
    @Test func acceptedForms() {
        let cases: [(String, Rational)] = [
            ("42", 42),
            ("-7", -7),
            ("+5", 5),
            ("-0", 0),
            ("007", 7),
            ("-7/3", Rational(-7, 3)),
            ("6/4", Rational(3, 2)),
            ("+6/4", Rational(3, 2)),
            ("0/5", 0),
            ("0.1", Rational(1, 10)),
            (".5", Rational(1, 2)),
            ("2.", 2),
            ("-.25", Rational(-1, 4)),
            ("123.456", Rational(123_456, 1000)),
            ("1e-3", Rational(1, 1000)),
            ("-2.5E+4", -25_000),
            ("1.25e2", 125),
            ("1E0", 1),
            ("5e-0", 5),
            ("12e0003", 12_000),
            ("0x1.8p-3", Rational(3, 16)),
            ("0x1P+4", 16),
            ("0XA.8p0", Rational(21, 2)),
            ("-0x.8p1", -1),
            ("0xffp-8", Rational(255, 256)),
            ("  42  ", 42),
            ("\t-7/3 ", Rational(-7, 3)),
            (" 0.5\t", Rational(1, 2)),
        ]
        for (text, expected) in cases {
            #expect(parsed(text) == expected, "\"\(text)\"")
        }
    }

    @Test func reducedFractionsParseReduced() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { p, q in
            let d = q.magnitude + 1
            let value = parsed("\(p)/\(d)")
            #expect(value == Rational(p, d))
            if let value { expectCanonical(value, "parsing p/q") }
        }
    }

    /// `"<m>e<e>"` is exactly m·10^e, with 10^e computed by repeated multiplication.
    @Test func scientificNotationIsExact() async {
        await seededPropertyCheck(count: 300, input: Gen.int(), Gen.int(in: -30...30)) { m, e in
            let expected = Rational(m) * rationalTenToThe(e)
            #expect(parsed("\(m)e\(e)") == expected)
            #expect(parsed("\(m)E\(e >= 0 ? "+" : "")\(e)") == expected)
        }
    }

    /// A decimal point inserted `k` digits from the right divides by 10^k exactly.
    @Test func decimalFractionsAreExact() async {
        await seededPropertyCheck(count: 300, input: Gen.int(), Gen.int(in: 0...25)) { m, k in
            var digits = String(m.magnitude)
            if digits.count <= k { digits = String(repeating: "0", count: k + 1 - digits.count) + digits }
            let cut = digits.index(digits.endIndex, offsetBy: -k)
            let text = (m < 0 ? "-" : "") + digits[..<cut] + "." + digits[cut...]
            let expected = Rational(m) / rationalTenToThe(k)
            #expect(parsed(text) == expected, "\(text)")
        }
    }

    /// `%a`-style hexadecimal text built from a `Double`'s fields parses to its exact value.
    @Test func hexFloatsParseToTheExactDouble() async {
        await seededPropertyCheck(count: 300, input: ExactGen.finiteDouble) { x in
            let fraction = String(x.significandBitPattern, radix: 16)
            let padded = String(repeating: "0", count: 13 - fraction.count) + fraction
            let lead = x.isNormal ? "1" : "0"
            let exponent = x.isNormal ? Int(x.exponent) : -1022
            let text = (x.sign == .minus ? "-" : "") + "0x\(lead).\(padded)p\(exponent)"
            #expect(parsed(text) == Rational(exactly: x), "\(text)")
        }
    }
}

@Suite("Rational parsing rejects malformed text")
struct RationalParsingRejectionTests {
    /// Text that must be rejected, with a word the reason must contain (empty: any informative reason).
    static let rejected: [(text: String, reasonMentions: String)] = [
        ("", "empty"),
        ("   ", "empty"),
        ("\t \t", "empty"),
        ("nan", "finite"),
        ("NaN", "finite"),
        ("-nan", "finite"),
        ("inf", "finite"),
        ("-infinity", "finite"),
        ("+Inf", "finite"),
        ("1/-2", ""),
        ("1/+2", ""),
        ("1/2/3", ""),
        ("1/", ""),
        ("/2", ""),
        ("1 / 2", ""),
        ("abc", ""),
        ("1..2", ""),
        ("1.2.3", ""),
        ("1e", "exponent"),
        ("1e+", "exponent"),
        ("1e1.5", "exponent"),
        ("e5", ""),
        (".", ""),
        ("-", ""),
        ("+", ""),
        ("--1", ""),
        ("+-1", ""),
        ("1 2", ""),
        ("1e100000", "exponent"),
        ("1e-100000", "exponent"),
        ("1e99999999999999999999", "exponent"),
        ("0x1p99999", "exponent"),
        ("0x1.8", "exponent"),
        ("0x", ""),
        ("0xp3", ""),
        ("0x1g", ""),
        ("١٢", ""),
        ("1/٢", ""),
        ("٠.5", ""),
        ("１２", ""),
        ("0x１p0", ""),
        ("0xＦp0", ""),
        ("1\n", ""),
    ]

    @Test(arguments: rejected)
    func rejectedWithInvalidNumber(_ text: String, reasonMentions: String) {
        do {
            let value = try Rational(parsing: text)
            Issue.record("\"\(text)\" parsed as \(value)")
        } catch let error {
            guard case let .invalidNumber(reportedText, reason) = error else {
                Issue.record("\"\(text)\": expected invalidNumber, got \(error)")
                return
            }
            #expect(reportedText == text)
            #expect(reason.count >= 5, "uninformative reason \"\(reason)\"")
            if !reasonMentions.isEmpty {
                #expect(reason.lowercased().contains(reasonMentions), "reason \"\(reason)\"")
            }
            #expect(error.description.contains(reason))
        }
        #expect(Rational(text) == nil)
    }

    @Test func zeroDenominatorIsDivisionByZero() {
        for text in ["1/0", "-3/0", " 0/0 ", "5/000"] {
            #expect(throws: ExactError.divisionByZero) { try Rational(parsing: text) }
            #expect(Rational(text) == nil)
        }
    }

    @Test func exponentAtTheLimitIsAccepted() throws {
        let limit = Rational.maximumDecimalExponent
        #expect(try Rational(parsing: "1e\(limit)") == rationalTenToThe(limit))
        #expect(throws: ExactError.self) { try Rational(parsing: "1e\(limit + 1)") }
        let binaryLimit = Rational.maximumBinaryExponent
        #expect(try Rational(parsing: "0x1p-\(binaryLimit)") == rationalTwoToThe(-binaryLimit))
        #expect(throws: ExactError.self) { try Rational(parsing: "0x1p\(binaryLimit + 1)") }
    }
}
