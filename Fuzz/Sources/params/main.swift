// Fuzz target: `TwoLayerNetwork(paramsJSON:file:s:)`, the JSON parameter reader of
// `verify kernel --params` and `verify derivatives --params`.
// Properties: never traps; every refusal is an `InputFileError` with a message; an
// accepted network writes back (`paramsJSON`) to JSON that reads to the same network.
// The first byte selects whether `s` is overridden (as `--s` does).
import Exact
import Foundation
import FuzzSupport
import Reference

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParams(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let first = bytes.first else { return 0 }
    let overrideS: Rational? = first & 1 == 1 ? Rational(Int(first >> 1) - 64, 7) : nil
    let json = Data(bytes.dropFirst())
    do {
        let network = try TwoLayerNetwork(paramsJSON: json, file: "fuzz.json", s: overrideS)
        if let overrideS { Fuzz.require(network.s == overrideS, "--s was not applied") }
        let back = try? TwoLayerNetwork(paramsJSON: Data(network.paramsJSON.utf8), file: "again.json")
        Fuzz.require(back == network, "the written parameters do not read back")
    } catch {
        Fuzz.require(!error.message.isEmpty, "empty message")
    }
    return 0
}

Fuzz.run(fuzzParams)
