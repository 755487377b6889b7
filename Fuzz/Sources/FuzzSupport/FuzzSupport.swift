#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry point for programs that have their own `main` (compiler-rt's
/// `FuzzerInterface.h`): parses libFuzzer's flags from `argv` and fuzzes `callback`.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Helpers shared by the fuzz targets.
public enum Fuzz {
    /// Runs libFuzzer on `callback` with the process's arguments and exits with its status.
    ///
    /// Each target's `main.swift` calls this: SwiftPM links an executable target with its
    /// own `main` (the module's top-level code), so libFuzzer's `main` is not used and its
    /// driver is started from here instead.
    public static func run(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
    }

    /// The input as text: invalid UTF-8 becomes U+FFFD, as `String(decoding:as:)` does
    /// for the tool's own readers (`Inputs.read` refuses non-UTF-8 files before parsing).
    public static func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        guard let data, size > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    /// The raw bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A property of the parser that must hold; on failure prints the reason and
    /// aborts, so libFuzzer records the input as a crash.
    public static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() {
            let line = "fuzz property failed: \(message())\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            abort()
        }
    }
}
