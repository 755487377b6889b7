// Fuzz target: the whole command line of `verify`. The input is split at NUL bytes and
// newlines into arguments, which `Verify.parseAsRoot` parses and validates, as `verify`
// does before it runs anything (nothing is run). Properties: never traps; a refusal has
// a message and maps to a non-success exit code unless it is --help/--version.
@testable import VerifyCore
import ArgumentParser
import FuzzSupport
import Suite

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let arguments = bytes.split(omittingEmptySubsequences: false, whereSeparator: { $0 == 0 || $0 == 10 })
        .map { String(decoding: $0, as: UTF8.self) }
    guard arguments.count <= 64 else { return 0 }
    do {
        _ = try Verify.parseAsRoot(arguments.count == 1 && arguments[0].isEmpty ? [] : arguments)
    } catch {
        let message = Verify.fullMessage(for: error)
        let code = Verify.exitCode(for: error)
        Fuzz.require(!message.isEmpty || code == .success, "an error without a message")
    }
    return 0
}

Fuzz.run(fuzzCommandLine)
