import ArgumentParser
import Exact
import FastPath

/// Parsing of option values, with the reason a value is refused.
///
/// Every numeric option is declared `@Option(parsing: .unconditional, transform: …)`:
/// `.unconditional` takes the next word as the value even when it starts with `-`,
/// so `--s -1`, `--lr -0.1` and `--schedule -0.5:10` reach the parser (and the range
/// checks of `validate()`) instead of being read as an option; `--s=-1` works as
/// well. The transforms throw an `ArgumentValueError`, which ArgumentParser prints
/// after its own prefix: `The value '5/0' is invalid for '--s <s>': the denominator is zero`.
enum ArgumentValue {
    /// An exact rational in the syntax of `Rational(parsing:)`: integers, `p/q`,
    /// decimals (`0.1` is 1/10), scientific notation, hex floats.
    static func rational(_ text: String) throws(ArgumentValueError) -> Rational {
        do {
            return try Rational(parsing: text)
        } catch .divisionByZero {
            throw ArgumentValueError("the denominator is zero")
        } catch let .invalidNumber(_, reason) {
            throw ArgumentValueError("not a number (\(reason))")
        } catch {
            throw ArgumentValueError("\(error)")
        }
    }

    /// A whole number of type `T`, in decimal; `out of range` names the range of `T`.
    static func integer<T: FixedWidthInteger>(_ text: String) throws(ArgumentValueError) -> T {
        let trimmed = text.trimmingSpaces
        if let value = T(trimmed) { return value }
        let digits = trimmed.hasPrefix("-") || trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ArgumentValueError("not a whole number")
        }
        throw ArgumentValueError("out of range: expected a whole number in \(T.min)...\(T.max)")
    }

    /// A `Float` in decimal or scientific notation. `nan` and `inf` are numbers here
    /// (the options' `validate()` refuses them with the option's own rule); a finite
    /// decimal beyond `Float.greatestFiniteMagnitude` is out of range.
    static func float(_ text: String) throws(ArgumentValueError) -> Float {
        let trimmed = text.trimmingSpaces
        guard let value = Float(trimmed) else {
            throw ArgumentValueError("not a number; expected a decimal such as 0.05 or 1e-2")
        }
        let lower = trimmed.lowercased()
        if value.isInfinite, !lower.contains("inf") {
            throw ArgumentValueError("out of range: beyond the largest Float, \(Float.greatestFiniteMagnitude)")
        }
        return value
    }
}

/// The reason an option's value is refused (printed by ArgumentParser after
/// `The value '…' is invalid for '--option <value>': `).
struct ArgumentValueError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// The documented answer for `s` outside `[0, 2]`: accepted, with a note.
///
/// `σ_s(z) = (1 − s) z + s·max(0, z)` is defined for every rational `s`, and so are
/// everything the commands compute from it (the network, its exact derivatives, the
/// empirical and infinite-width kernels, which are polynomials in `s`). The paper's
/// homotopy runs over `[0, 2]` (identity, ReLU at 1, absolute value at 2), and its
/// claims are stated there; outside it the numbers are still exact, but no claim of
/// the suite speaks about them. The note says so on standard error.
enum HomotopyDomain {
    static let interval = "[0, 2]"

    static func contains(_ s: Rational) -> Bool { s.signum >= 0 && s <= 2 }

    static func contains(_ s: Float) -> Bool { s >= 0 && s <= 2 }

    /// The note for a value outside `[0, 2]`, or `nil`.
    static func note(_ s: String, inside: Bool) -> String? {
        inside
            ? nil
            : "note: s = \(s) is outside [0, 2], the paper's homotopy (σ_0 identity, σ_1 ReLU, σ_2 absolute value); σ_s is defined for every s and is used as given, but no claim of the suite is stated there"
    }

    static func note(_ s: Rational) -> String? { note(s.description, inside: contains(s)) }
}

/// `--dataset`: one of `SyntheticDataset.names` (the parser lists them when the name is unknown).
struct DatasetName: ExpressibleByArgument, Hashable, Sendable {
    let name: String

    init?(argument: String) {
        guard SyntheticDataset.names.contains(argument) else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { SyntheticDataset.names }

    var defaultValueDescription: String { name }
}

extension Optimizer: ExpressibleByArgument {}
