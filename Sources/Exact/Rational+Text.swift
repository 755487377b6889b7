import CGMP

extension Rational: CustomStringConvertible, LosslessStringConvertible {
    /// The exact value: `"5"`, `"-7/3"`. Parsing it back gives the same value.
    public var description: String {
        isInteger ? numerator.description : "\(numerator)/\(denominator)"
    }

    /// Parses `text` as by `init(parsing:)`; `nil` on any error.
    public init?(_ text: String) {
        guard let value = try? Rational(parsing: text) else { return nil }
        self = value
    }
}

extension Rational {
    /// The largest decimal exponent accepted by `init(parsing:)` (`1e10000`);
    /// larger ones are rejected as absurd rather than allocating huge powers.
    public static let maximumDecimalExponent = 10_000

    /// The largest binary exponent accepted in hexadecimal float syntax (`0x1p33000`).
    public static let maximumBinaryExponent = 33_220

    /// Parses an exact rational. Surrounding spaces and tabs are ignored.
    ///
    /// Accepted forms, each with an optional leading `+` or `-`:
    /// - integers: `42`, `-7`
    /// - fractions: `-7/3`, `6/4` (reduced to `3/2`); the denominator has no sign
    /// - finite decimals: `0.1` (exactly 1/10), `.5`, `2.`
    /// - scientific notation: `1e-3` (exactly 1/1000), `-2.5E+4`
    /// - hexadecimal floats as printed by C's `%a`: `0x1.8p-3` (exactly 3/16)
    ///
    /// - Throws: `ExactError.invalidNumber` naming the problem for empty text,
    ///   `nan`, `inf`, stray characters or an exponent beyond
    ///   `maximumDecimalExponent`/`maximumBinaryExponent`;
    ///   `ExactError.divisionByZero` for `p/0`.
    public init(parsing text: String) throws(ExactError) {
        let trimmed = Rational.trimmed(text)
        func fail(_ reason: String) -> ExactError { .invalidNumber(text: text, reason: reason) }
        guard !trimmed.isEmpty else { throw fail("empty") }

        var body = Substring(trimmed)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        let lower = body.lowercased()
        if ["nan", "inf", "infinity", "snan"].contains(lower) {
            throw fail("not a finite number")
        }
        var value: Rational
        if let slash = body.firstIndex(of: "/") {
            let p = body[..<slash], q = body[body.index(after: slash)...]
            guard Rational.isDigits(p), Rational.isDigits(q) else {
                throw fail("a fraction must be digits/digits, e.g. -7/3")
            }
            let denominator = BigInt(String(q))!
            guard !denominator.isZero else { throw .divisionByZero }
            value = Rational(BigInt(String(p))!, denominator)
        } else if lower.hasPrefix("0x") {
            value = try Rational.parseHexFloat(body.dropFirst(2), fail: fail)
        } else {
            value = try Rational.parseDecimal(body, fail: fail)
        }
        if negative { value.negate() }
        self = value
    }

    static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }),
            let end = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[start...end]
    }

    static func isDigits(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isWholeNumber }
    }

    /// Splits `[digits][.digits][marker[+-]digits]` and checks the exponent bound.
    private static func splitMantissa(
        _ body: Substring, exponentMarkers: Set<Character>, isDigit: (Character) -> Bool,
        maximumExponent: Int, expected: String, fail: (String) -> ExactError
    ) throws(ExactError) -> (whole: Substring, fraction: Substring, exponent: Int, hadExponent: Bool) {
        var mantissa = body
        var exponent = 0
        var hadExponent = false
        if let marker = body.firstIndex(where: { exponentMarkers.contains($0) }) {
            mantissa = body[..<marker]
            var exponentText = body[body.index(after: marker)...]
            var exponentNegative = false
            if let sign = exponentText.first, sign == "+" || sign == "-" {
                exponentNegative = sign == "-"
                exponentText = exponentText.dropFirst()
            }
            guard isDigits(exponentText) else { throw fail("the exponent must be an integer") }
            let digits = exponentText.drop(while: { $0 == "0" })
            guard digits.count <= 9, let magnitude = Int(digits.isEmpty ? "0" : String(digits)),
                magnitude <= maximumExponent
            else { throw fail("exponent beyond ±\(maximumExponent)") }
            exponent = exponentNegative ? -magnitude : magnitude
            hadExponent = true
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard whole.allSatisfy(isDigit), fraction.allSatisfy(isDigit), !(whole.isEmpty && fraction.isEmpty)
        else { throw fail(expected) }
        return (whole, fraction, exponent, hadExponent)
    }

    private static func parseDecimal(_ body: Substring, fail: (String) -> ExactError) throws(ExactError) -> Rational {
        let (whole, fraction, exponent, _) = try splitMantissa(
            body, exponentMarkers: ["e", "E"], isDigit: { $0.isASCII && $0.isWholeNumber },
            maximumExponent: maximumDecimalExponent,
            expected: "expected an integer, p/q, a decimal or scientific notation", fail: fail)
        guard let mantissa = BigInt(String(whole) + String(fraction)) else {
            throw fail("expected decimal digits")
        }
        let scale = exponent - fraction.count
        let ten = BigInt(10)
        return scale >= 0
            ? Rational(mantissa * ten.power(scale))
            : Rational(mantissa, ten.power(-scale))
    }

    private static func parseHexFloat(_ body: Substring, fail: (String) -> ExactError) throws(ExactError) -> Rational {
        let (whole, fraction, exponent, hadExponent) = try splitMantissa(
            body, exponentMarkers: ["p", "P"], isDigit: { $0.isASCII && $0.isHexDigit },
            maximumExponent: maximumBinaryExponent,
            expected: "expected a hexadecimal float such as 0x1.8p-3", fail: fail)
        guard hadExponent else { throw fail("a hexadecimal float needs a binary exponent, e.g. 0x1.8p-3") }
        guard let mantissa = BigInt(String(whole) + String(fraction), radix: 16) else {
            throw fail("expected hexadecimal digits, e.g. 0x1.8p-3")
        }
        return Rational(mantissa).timesPowerOfTwo(exponent - 4 * fraction.count)
    }
}

extension Rational: Codable {
    /// Encodes as the exact string `description` (`"-7/3"`), so no precision is lost in JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes a string in any syntax `init(parsing:)` accepts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = try Rational(parsing: container.decode(String.self))
    }
}
