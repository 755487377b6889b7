// Fuzz target: `Polynomial(parsing:variable:)` (the polynomial text of the exact layer).
// Properties: never traps; a parsed polynomial's `description(variable:)` (with `·`
// and with `*`) parses back to the same polynomial; `init?(_:)` agrees.
import Exact
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolynomial(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = Fuzz.text(data, size)
    for variable in ["x", "s"] {
        guard let p = try? Polynomial(parsing: text, variable: variable) else {
            if variable == "x" { Fuzz.require(Polynomial(text) == nil, "init?(_:) accepts \(text.debugDescription)") }
            continue
        }
        for sign in ["·", "*"] {
            let printed = p.description(variable: variable, multiplicationSign: sign)
            Fuzz.require((try? Polynomial(parsing: printed, variable: variable)) == p,
                         "\(printed.debugDescription) (from \(text.debugDescription)) does not parse back")
        }
        if variable == "x" { Fuzz.require(Polynomial(text) == p, "init?(_:) disagrees on \(text.debugDescription)") }
    }
    return 0
}

Fuzz.run(fuzzPolynomial)
