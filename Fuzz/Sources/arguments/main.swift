// Fuzz target: verify's option-value parsers (`ArgumentValue.rational/integer/float`,
// `WidthArgument`, `MemorySize`, and the `ExpressibleByArgument` names). The first byte
// picks the parser, the rest is the value as the shell passes it.
// Properties: never traps; an accepted value satisfies the parser's contract (the same
// value the library parser gives, a finite positive size, a fraction in (0, 1], …);
// a refusal carries a reason.
@testable import VerifyCore
import ArgumentParser
import Exact
import FastPath
import FuzzSupport
import Suite

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArguments(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let first = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    func refused(_ error: ArgumentValueError) { Fuzz.require(!error.description.isEmpty, "empty reason") }
    switch first % 8 {
    case 0:
        do {
            let q = try ArgumentValue.rational(text)
            Fuzz.require((try? Rational(parsing: text)) == q, "rational disagrees with Rational(parsing:)")
            _ = HomotopyDomain.note(q)
        } catch { refused(error) }
    case 1:
        do {
            let m: Int = try ArgumentValue.integer(text)
            let digits = text.trimmingCharacters(in: " ").drop(while: { $0 == "+" || $0 == "-" })
            Fuzz.require(!digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isWholeNumber },
                         "integer \(m) from \(text.debugDescription)")
            Fuzz.require((try? ArgumentValue.integer(String(m)) as Int) == m, "integer \(m) does not print back")
        } catch { refused(error) }
    case 2:
        do { _ = try ArgumentValue.integer(text) as UInt64 } catch { refused(error) }
    case 3:
        do {
            let x = try ArgumentValue.float(text)
            Fuzz.require(x.isFinite || x.isNaN || text.lowercased().contains("inf"), "float \(x) from \(text.debugDescription)")
        } catch { refused(error) }
    case 4:
        do {
            switch try WidthArgument.parse(text) {
            case .infinite: break
            case let .finite(m): Fuzz.require((try? WidthArgument.parse(String(m))) == .finite(m), "width \(m) does not print back")
            }
        } catch { refused(error) }
    case 5:
        do {
            switch try MemorySize.parse(text) {
            case let .bytes(b): Fuzz.require(b > 0 && b.isFinite, "size \(b) from \(text.debugDescription)")
            case let .fraction(f): Fuzz.require(f > 0 && f <= 1, "fraction \(f)")
            }
        } catch { refused(error) }
    case 6:
        if let name = DatasetName(argument: text) {
            Fuzz.require(SyntheticDataset.names.contains(name.name), "dataset \(name.name)")
        }
        _ = SuiteContext.Profile(argument: text)
    default:
        _ = BlockArgument(argument: text)
        _ = InitializationArgument(argument: text)
        _ = Optimizer(argument: text)
    }
    return 0
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop(while: { $0 == character }).reversed().drop(while: { $0 == character }).reversed())
    }
}

Fuzz.run(fuzzArguments)
