// Printing and parsing polynomials.
//
// Printed form (`description(variable:)`): terms in descending powers, joined
// by " + " and " - "; a coefficient is printed as `Rational.description` of
// its magnitude, followed by "·" and the variable, and omitted when it is 1;
// the power is written `^k` for k ≥ 2, nothing for k = 1, and the variable is
// left out for k = 0. The zero polynomial prints as "0". Examples:
//
//     1 - s + 3/2·s²   →  "3/2·s^2 - s + 1"
//     -x³ + 2          →  "-x^3 + 2"
//     −(1/2)·x         →  "-1/2·x"
//
// The parser accepts that form and some freer spellings of it, so printing
// and parsing round-trip exactly.

extension Polynomial: CustomStringConvertible, LosslessStringConvertible {
    /// The polynomial in the variable `x`, e.g. `"3/2·x^2 - x + 1"`; see `description(variable:)`.
    public var description: String {
        description(variable: "x")
    }

    /// The polynomial written in `variable`, descending powers, with exact rational coefficients.
    ///
    /// Format: terms `c·v^k` from the highest power down, separated by `" + "`
    /// or `" - "` (a negative leading term starts with `"-"`); a coefficient
    /// of magnitude 1 is omitted (`"s"`, `"-s^2"`), `^1` is not written and the
    /// constant term has no variable. Coefficients print as `Rational` does
    /// (`"3"`, `"3/2"`). The zero polynomial is `"0"`.
    ///
    /// ```swift
    /// let s = Polynomial.x
    /// (1 - s + Rational(3, 2) * s.power(2)).description(variable: "s")
    /// // "3/2·s^2 - s + 1"
    /// (1 - s).description(variable: "s", multiplicationSign: "*")   // "-s + 1"
    /// ```
    /// `init(parsing:variable:)` reads this text back to the same polynomial
    /// when `variable` is an identifier.
    /// - Parameters:
    ///   - variable: the name printed for the variable, e.g. `"s"`.
    ///   - multiplicationSign: what joins a coefficient to the variable; the
    ///     default is the middle dot `"·"`, use `"*"` for plain ASCII output.
    /// - Complexity: O(total digits of the coefficients).
    public func description(variable: String, multiplicationSign: String = "·") -> String {
        if coefficients.isEmpty { return "0" }
        var text = ""
        for k in coefficients.indices.reversed() {
            let c = coefficients[k]
            if c.isZero { continue }
            let negative = c.signum < 0
            if text.isEmpty {
                if negative { text += "-" }
            } else {
                text += negative ? " - " : " + "
            }
            let magnitude = c.magnitude
            if k == 0 {
                text += magnitude.description
                continue
            }
            if magnitude != 1 {
                text += magnitude.description
                text += multiplicationSign
            }
            text += variable
            if k > 1 { text += "^\(k)" }
        }
        return text
    }

    /// Parses `text` as a polynomial in `x`, as `init(parsing:variable:)`; `nil` on any error.
    public init?(_ description: String) {
        guard let value = try? Polynomial(parsing: description) else { return nil }
        self = value
    }
}

extension Polynomial {
    /// The largest power of the variable accepted by `init(parsing:variable:)`;
    /// larger ones are rejected rather than allocating a huge coefficient array.
    public static let maximumParsedDegree = 100_000

    /// Parses a polynomial written as a sum of terms in `variable`.
    ///
    /// Grammar (spaces and tabs are allowed between all tokens):
    /// - text = [`+`|`-`] term { (`+`|`-`) term }
    /// - term = coefficient | [coefficient [`·`|`*`]] variable [`^` digits]
    /// - coefficient = an unsigned integer, fraction `p/q` or decimal `2.5`
    ///   (any `Rational(parsing:)` syntax without exponent or sign)
    ///
    /// Terms may come in any order and the same power may appear more than once;
    /// like terms are added. So `description(variable:)` output parses back to
    /// the same polynomial, and so do `"1 - s + 3/2 s^2"`, `"2*x^3 + x^3"` and
    /// `"0.5x"`. A coefficient may be juxtaposed with the variable (`3/2 s`,
    /// `2x`); with `·` or `*` the variable must follow.
    ///
    /// ```swift
    /// let p = try Polynomial(parsing: "1 - s + 3/2 s^2", variable: "s")
    /// p.description(variable: "s")    // "3/2·s^2 - s + 1"
    /// ```
    /// - Parameters:
    ///   - text: the polynomial.
    ///   - variable: the name of the variable, an identifier (a letter or `_`,
    ///     then letters, digits or `_`).
    /// - Precondition: `variable` is an identifier.
    /// - Throws: `ExactError.invalidNumber` with the whole text and the reason
    ///   (empty text, stray characters, a missing term or exponent, a power
    ///   above `maximumParsedDegree`); `ExactError.divisionByZero` for a
    ///   coefficient `p/0`.
    /// - Complexity: O(length of text) plus the coefficient conversions.
    public init(parsing text: String, variable: String = "x") throws(ExactError) {
        precondition(
            Polynomial.isIdentifier(variable),
            "Polynomial(parsing:variable:): \"\(variable)\" is not an identifier")
        var scanner = Scanner(text: text, variable: variable)
        self = try scanner.parse()
    }

    /// `true` for a letter or `_` followed by letters, digits and `_`.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy(isIdentifierCharacter)
    }

    static func isIdentifierCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_"
    }

    /// A hand-written scanner over the characters of the text.
    private struct Scanner {
        let text: String
        let characters: [Character]
        let name: [Character]
        var position = 0

        init(text: String, variable: String) {
            self.text = text
            characters = Array(text)
            name = Array(variable)
        }

        func fail(_ reason: String) -> ExactError {
            .invalidNumber(text: text, reason: reason)
        }

        var atEnd: Bool { position == characters.count }

        var current: Character? { atEnd ? nil : characters[position] }

        mutating func skipSpaces() {
            while let c = current, c == " " || c == "\t" { position += 1 }
        }

        /// Consumes characters while `predicate` holds and returns them.
        mutating func take(while predicate: (Character) -> Bool) -> String {
            let start = position
            while let c = current, predicate(c) { position += 1 }
            return String(characters[start..<position])
        }

        /// Whether the variable's name starts here as a whole identifier.
        func variableStartsHere() -> Bool {
            let end = position + name.count
            guard end <= characters.count, characters[position..<end].elementsEqual(name) else { return false }
            return end == characters.count || !Polynomial.isIdentifierCharacter(characters[end])
        }

        mutating func parse() throws(ExactError) -> Polynomial {
            var terms: [Int: Rational] = [:]
            skipSpaces()
            if atEnd { throw fail("empty") }
            var first = true
            while true {
                var negative = false
                if let c = current, c == "+" || c == "-" {
                    negative = c == "-"
                    position += 1
                    skipSpaces()
                } else if !first {
                    throw fail("expected + or - at offset \(position), found \"\(current!)\"")
                }
                first = false
                let (power, coefficient) = try parseTerm()
                if !coefficient.isZero {
                    terms[power, default: Rational()] += negative ? -coefficient : coefficient
                }
                skipSpaces()
                if atEnd { break }
            }
            guard let top = terms.keys.max() else { return Polynomial() }
            return Polynomial(coefficients: (0...top).map { terms[$0] ?? Rational() })
        }

        /// One term without its sign: `(power, coefficient)`.
        mutating func parseTerm() throws(ExactError) -> (Int, Rational) {
            let offset = position
            let digits = take(while: { $0.isASCII && ($0.isWholeNumber || $0 == "." || $0 == "/") })
            var coefficient = Rational(1)
            if !digits.isEmpty {
                do {
                    coefficient = try Rational(parsing: digits)
                } catch .divisionByZero {
                    throw .divisionByZero
                } catch {
                    throw fail("bad coefficient \"\(digits)\" at offset \(offset)")
                }
                skipSpaces()
            }
            var hasSign = false
            if !digits.isEmpty, let c = current, c == "·" || c == "*" {
                position += 1
                hasSign = true
                skipSpaces()
            }
            guard variableStartsHere() else {
                if hasSign { throw fail("expected \(String(name)) after the multiplication sign at offset \(position)") }
                if digits.isEmpty {
                    throw fail(
                        atEnd
                            ? "expected a term at the end"
                            : "expected a term at offset \(position), found \"\(current!)\"")
                }
                return (0, coefficient)
            }
            position += name.count
            skipSpaces()
            guard current == "^" else { return (1, coefficient) }
            position += 1
            skipSpaces()
            let exponentOffset = position
            let exponentDigits = take(while: { $0.isASCII && $0.isWholeNumber })
            guard !exponentDigits.isEmpty else {
                throw fail("expected a non-negative integer exponent after ^ at offset \(exponentOffset)")
            }
            let significant = exponentDigits.drop(while: { $0 == "0" })
            guard significant.count <= 9, let power = Int(significant.isEmpty ? "0" : String(significant)),
                power <= Polynomial.maximumParsedDegree
            else { throw fail("exponent \(exponentDigits) beyond maximumParsedDegree (\(Polynomial.maximumParsedDegree))") }
            return (power, coefficient)
        }
    }
}
