// Fuzz target: `Rational(parsing:)`, the syntax of every exact number the tool reads
// (data files, parameter files, --s and the other rational options).
// Properties: parsing never traps; a parsed value is in lowest terms with a positive
// denominator, and its `description` parses back to the same value; `init?(_:)` agrees
// with `init(parsing:)`; the error names a reason.
import Exact
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRational(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = Fuzz.text(data, size)
    do {
        let q = try Rational(parsing: text)
        Fuzz.require(q.denominator.signum > 0, "denominator \(q.denominator) is not positive")
        Fuzz.require(BigInt.gcd(q.numerator, q.denominator) == 1, "\(q) is not in lowest terms")
        let back = try? Rational(parsing: q.description)
        Fuzz.require(back == q, "\(q.description) does not parse back")
        Fuzz.require(Rational(text) == q, "init?(_:) disagrees on \(text.debugDescription)")
        // Negating the text negates the value (the sign is one optional character).
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
        if let first = trimmed.first, first != "+", first != "-" {
            Fuzz.require((try? Rational(parsing: "-" + trimmed)) == -q, "-(\(text.debugDescription)) is not -\(q)")
        }
    } catch .divisionByZero {
    } catch let .invalidNumber(_, reason) {
        Fuzz.require(!reason.isEmpty, "empty reason for \(text.debugDescription)")
        Fuzz.require(Rational(text) == nil, "init?(_:) accepts what init(parsing:) refuses")
    } catch {
        Fuzz.require(false, "unexpected error \(error) for \(text.debugDescription)")
    }
    return 0
}

Fuzz.run(fuzzRational)
