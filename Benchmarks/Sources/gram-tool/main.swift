// gram-tool: export the benchmark Gram matrix as exact text, or time Exact on it.
//
//   gram-tool export N FILE     write the n = N matrix (see InnerGramFixture.exactText)
//   gram-tool time N [REPS]     time determinant + inertia, print seconds (best of REPS)
//   gram-tool check N FILE      print the determinant, for comparison with another library
import Exact
import NTKFixtures
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func fail(_ message: String) -> Never {
    var text = "gram-tool: \(message)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let n = Int(arguments[2]), n > 0 else {
    fail("usage: gram-tool export N FILE | time N [REPS] | det N")
}
let fixture = InnerGramFixture(n: n)
switch arguments[1] {
case "export":
    guard arguments.count == 4, let file = fopen(arguments[3], "w") else { fail("cannot write the output file") }
    fputs(fixture.exactText, file)
    fclose(file)
case "time":
    let repetitions = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
    var best = Double.infinity, bestDet = 0.0, bestInertia = 0.0
    var inertia = Inertia(negative: 0, zero: 0, positive: 0)
    var bits = 0
    for _ in 0..<repetitions {
        let t0 = now()
        let det = fixture.matrix.determinant
        let t1 = now()
        inertia = try! fixture.matrix.inertia()
        let t2 = now()
        bits = det.bitSize
        if t2 - t0 < best { best = t2 - t0; bestDet = t1 - t0; bestInertia = t2 - t1 }
    }
    print("n=\(n) det_seconds=\(bestDet) inertia_seconds=\(bestInertia) det_bits=\(bits) inertia=\(inertia)")
case "det":
    print(fixture.matrix.determinant)
default:
    fail("unknown mode \(arguments[1])")
}
