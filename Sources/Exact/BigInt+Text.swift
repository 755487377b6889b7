import CGMP

extension BigInt: CustomStringConvertible, LosslessStringConvertible {
    /// Decimal digits with a leading `-` for negative values.
    public var description: String { toString(radix: 10) }

    /// Digits in `radix` (2…62; letters are lowercase for radix ≤ 36).
    public func toString(radix: Int = 10) -> String {
        precondition((2...62).contains(radix), "radix must be in 2...62")
        // mpz_sizeinbase may overestimate by one; +2 for sign and NUL.
        let capacity = cgmp_z_sizeinbase(box.ptr, Int32(radix)) + 2
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = cgmp_z_get_str(chars.baseAddress, Int32(radix), box.ptr)
                var length = 0
                while chars[length] != 0 { length += 1 }
                return length
            }
        }
    }

    /// Parses an optional sign followed by decimal digits (`"-123"`, `"+7"`).
    /// Returns `nil` for anything else, including the empty string and spaces.
    public init?(_ text: String) {
        self.init(text, radix: 10)
    }

    /// Parses an optional sign followed by digits in `radix` (2…36).
    public init?(_ text: some StringProtocol, radix: Int) {
        precondition((2...36).contains(radix), "radix must be in 2...36")
        var digits = Substring(text)
        var negative = false
        if let first = digits.first, first == "-" || first == "+" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ BigInt.digitValue($0).map { $0 < radix } ?? false })
        else { return nil }
        let box = MPZBox()
        let status = String(digits).withCString { cgmp_z_set_str(box.ptr, $0, Int32(radix)) }
        guard status == 0 else { return nil }
        if negative { cgmp_z_neg(box.ptr, box.ptr) }
        self.init(box: box)
    }
}

extension BigInt {
    /// The value of an ASCII digit or letter (`0`–`9`, then `a`/`A` = 10 … `z`/`Z` = 35).
    static func digitValue(_ c: Character) -> Int? {
        guard let ascii = c.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(ascii - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
