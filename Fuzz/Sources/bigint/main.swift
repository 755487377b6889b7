// Fuzz target: `BigInt(_:radix:)` and `BigInt(_:)`, the integer syntax under the
// rational parser. The first byte picks the radix (2…36), the rest is the text.
// Properties: never traps; a parsed value prints back (in that radix and in decimal)
// to text that parses to the same value; refused text is refused by both initialisers.
import Exact
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBigInt(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let first = bytes.first else { return 0 }
    let radix = 2 + Int(first) % 35
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    guard let value = BigInt(text, radix: radix) else {
        if radix == 10 { Fuzz.require(BigInt(text) == nil, "init?(_:) accepts \(text.debugDescription)") }
        return 0
    }
    Fuzz.require(BigInt(value.toString(radix: radix), radix: radix) == value,
                 "\(text.debugDescription) in radix \(radix) does not print back")
    Fuzz.require(BigInt(value.description) == value, "\(value) does not parse back in decimal")
    if radix == 10 { Fuzz.require(BigInt(text) == value, "init?(_:) disagrees on \(text.debugDescription)") }
    return 0
}

Fuzz.run(fuzzBigInt)
