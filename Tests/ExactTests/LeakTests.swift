import Exact
import PropertyBased
import TestSupport
import Testing

// GMP heap accounting: `GMPMemory.measure` counts GMP blocks on the calling
// thread, so every body below is synchronous (no `await` inside `measure`).

/// A representative workload over large values; returns something derived from
/// the values so the work is not dead code, but nothing that owns GMP memory.
private func exactWorkload(_ seed: BigInt) -> Int {
    var checksum = 0
    let base = twoToThe(1000) + seed  // ~1000-bit numbers
    var accumulator = BigInt()
    for i in 1...20 {
        let factor = base - BigInt(i * 7919)
        let product = base * factor
        accumulator += product
        accumulator.addProduct(factor, BigInt(i))
        accumulator.subtractProduct(base, BigInt(i))
        let (q, r) = product.quotientAndRemainder(dividingBy: factor + 1)
        checksum &+= q.bitWidth &+ r.bitWidth
        checksum &+= BigInt.gcd(product, factor).bitWidth &+ product.squareRootFloor().bitWidth
    }
    let ratio = Rational(accumulator, base.power(2) + 1)
    let scaled = ratio.timesPowerOfTwo(-1500)
    checksum &+= Double(ratio).exponent.hashValue &+ Float(scaled).exponent.hashValue
    checksum &+= ratio.rounded().bitWidth &+ ratio.rounded(.awayFromZero).bitWidth
    checksum &+= ratio.rounded(toFractionalBits: 100).bitSize &+ ratio.rounded(toSignificantBits: 30).bitSize
    checksum &+= ratio.floor.bitWidth &+ ratio.ceiling.bitWidth &+ ratio.power(-3).bitSize
    checksum &+= hashOf(ratio) &+ hashOf(accumulator)
    let text = ratio.description
    if let parsed = try? Rational(parsing: text), parsed == ratio { checksum &+= 1 }
    checksum &+= (try? Rational(parsing: "-12345.678e-90"))?.bitSize ?? 0
    checksum &+= (try? Rational(parsing: "0x1.fffp+900"))?.bitSize ?? 0
    _ = try? Rational(parsing: "1e100000")  // error paths allocate nothing that survives either
    _ = try? Rational(parsing: "1/0")
    _ = try? ratio.dividing(by: Rational())
    checksum &+= Rational(exactly: 0x1.8p-1070)?.bitSize ?? 0
    checksum &+= accumulator.toString(radix: 36).count
    var copy = ratio
    copy += ratio
    copy /= ratio
    checksum &+= copy.signum
    return checksum
}

@Suite("GMP memory accounting")
struct LeakTests {
    @Test func workloadOnLargeValuesLeavesNoLiveBlocks() {
        let measured = GMPMemory.measure { exactWorkload(BigInt(12_345)) }
        #expect(measured.liveBlocks == 0)
        #expect(measured.allocations > 100, "the counter did not see the workload")
    }

    @Test func generatedWorkloadsLeaveNoLiveBlocks() async {
        await seededPropertyCheck(count: 30, input: ExactGen.bigInt, ExactGen.rationalWide) { seed, q in
            let measured = GMPMemory.measure {
                _ = exactWorkload(seed)
                let text = q.description
                let back = try? Rational(parsing: text)
                return (back == q, Double(q).isNaN, Float(q * q).isNaN, hashOf(q * 3))
            }
            #expect(measured.result.0 && !measured.result.1 && !measured.result.2)
            #expect(measured.liveBlocks == 0)
        }
    }

    @Test func valueKeptAliveOutsideTheBodyIsCounted() {
        var kept: [BigInt] = []
        var keptRational: [Rational] = []
        let measured = GMPMemory.measure {
            kept.append(twoToThe(2000) + 1)
            keptRational.append(Rational(twoToThe(300) + 1, twoToThe(200) + 3))
        }
        #expect(measured.liveBlocks >= 2, "values that outlive the body must show as live")
        #expect(kept.count == 1)
        let released = GMPMemory.measure {
            kept.removeAll()
            keptRational.removeAll()
        }
        #expect(released.liveBlocks == -measured.liveBlocks)
        #expect(released.allocations == 0)
    }

    @Test func copiesShareStorageUntilWritten() {
        let value = twoToThe(4000) + 7
        let sharing = GMPMemory.measure {
            let copies = Array(repeating: value, count: 100)
            return copies.count
        }
        #expect(sharing.allocations == 0, "copying a BigInt must not allocate")
        #expect(sharing.liveBlocks == 0)
        let writing = GMPMemory.measure {
            var copy = value
            copy += 1
            return copy.isOdd
        }
        #expect(writing.allocations > 0, "the first write to a shared copy allocates")
        #expect(writing.liveBlocks == 0)
    }
}
