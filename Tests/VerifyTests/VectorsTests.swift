import Exact
import Foundation
import Testing

/// The repository root, from this file's path (Tests/VerifyTests/VectorsTests.swift).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
private let committed = repositoryRoot.appendingPathComponent("vectors")

private func jsonFiles(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
}

/// A golden-vector file, read independently of the generator: JSON, then exact rationals.
private struct VectorFile {
    let name: String
    let object: [String: Any]

    init(_ name: String) throws {
        self.name = name
        let data = try Data(contentsOf: committed.appendingPathComponent(name))
        object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(name) is not a JSON object")
    }

    func int(_ key: String) throws -> Int { try #require(object[key] as? Int, "\(name): \(key)") }
    func isNull(_ key: String) -> Bool { object[key] is NSNull }

    /// The `exact` part of a value, vector or matrix entry, parsed.
    static func rationals(_ any: Any?) throws -> [Rational] {
        let strings = try #require(any as? [String])
        return try strings.map { try Rational(parsing: $0) }
    }

    func entry(_ key: String, in container: [String: Any]? = nil) throws -> [String: Any] {
        try #require((container ?? object)[key] as? [String: Any], "\(name): \(key) is missing or null")
    }

    func scalar(_ key: String, in container: [String: Any]? = nil) throws -> Rational {
        try Rational(parsing: try #require(try entry(key, in: container)["exact"] as? String))
    }

    func vector(_ key: String, in container: [String: Any]? = nil) throws -> [Rational] {
        try VectorFile.rationals(try entry(key, in: container)["exact"])
    }

    func matrix(_ key: String, in container: [String: Any]? = nil) throws -> [[Rational]] {
        let rows = try #require(try entry(key, in: container)["exact"] as? [Any])
        return try rows.map { try VectorFile.rationals($0) }
    }

    /// Every (exact, float32) pair stored anywhere in the file.
    func allPairs() throws -> [(exact: String, float32: Double, at: String)] {
        var pairs: [(String, Double, String)] = []
        func flatten(_ exact: Any, _ float: Any, _ path: String) throws {
            if let e = exact as? String {
                pairs.append((e, try #require((float as? NSNumber)?.doubleValue, "\(name) \(path)"), path))
            } else {
                let es = try #require(exact as? [Any]), fs = try #require(float as? [Any])
                try #require(es.count == fs.count, "\(name) \(path): exact and float32 of different shapes")
                for (index, (e, f)) in zip(es, fs).enumerated() { try flatten(e, f, "\(path)[\(index)]") }
            }
        }
        func visit(_ any: Any, _ path: String) throws {
            guard let dictionary = any as? [String: Any] else { return }
            if let exact = dictionary["exact"], let float = dictionary["float32"] {
                try flatten(exact, float, path)
                return
            }
            for (key, value) in dictionary { try visit(value, path + "." + key) }
        }
        try visit(object, "")
        return pairs
    }
}

private func dot(_ x: [Rational], _ y: [Rational]) -> Rational {
    zip(x, y).reduce(Rational()) { $0 + $1.0 * $1.1 }
}

@Suite("verify vectors: golden vectors")
struct VectorsTests {
    @Test func generatedVectorsEqualTheCommittedCopyByteForByte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verify-vectors-\(UUID().uuidString)")
        let result = try VerifyBinary.run(["vectors", "--out", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let generated = try jsonFiles(in: folder)
        let stored = try jsonFiles(in: committed)
        #expect(generated.count == 20)
        #expect(generated == stored, "regenerate with `swift run verify vectors --out vectors` and review the diff")
        for name in generated where stored.contains(name) {
            let fresh = try Data(contentsOf: folder.appendingPathComponent(name))
            let old = try Data(contentsOf: committed.appendingPathComponent(name))
            #expect(fresh == old, "\(name) differs from the committed copy")
        }
    }

    @Test func everyFloat32ValueIsTheRoundingOfItsExactValue() throws {
        var count = 0
        for name in try jsonFiles(in: committed) {
            for (exact, float, path) in try VectorFile(name).allPairs() {
                let rounded = try Rational(parsing: exact).rounded(to: Float.self)
                // (JSONSerialization on Linux may misread a decimal by one binary64 ulp, which the
                // conversion to Float absorbs; the exact text is checked in the next test.)
                #expect(Float(float) == rounded, "\(name) \(path): \(float) is not the float32 nearest to \(exact)")
                count += 1
            }
        }
        #expect(count > 10_000)
    }

    @Test func everyJSONNumberReadsBackExactlyToAFloat32() throws {
        var count = 0
        for name in try jsonFiles(in: committed) {
            let text = try String(contentsOf: committed.appendingPathComponent(name), encoding: .utf8)
            // The numbers outside strings, read by Swift's correctly rounded parser.
            let unquoted = text.replacingOccurrences(of: #""(\\.|[^"\\])*""#, with: "\"\"", options: .regularExpression)
            let regex = try NSRegularExpression(pattern: #"-?[0-9][0-9.eE+-]*"#)
            let range = NSRange(unquoted.startIndex..., in: unquoted)
            for match in regex.matches(in: unquoted, range: range) {
                let token = String(unquoted[Range(match.range, in: unquoted)!])
                let value = try #require(Double(token), "\(name): \(token) is not a number")
                #expect(Double(Float(value)) == value, "\(name): \(token) is not exactly a float32")
                count += 1
            }
        }
        #expect(count > 10_000)
    }

    @Test func committedFilesAreInternallyConsistent() throws {
        for name in try jsonFiles(in: committed) {
            let file = try VectorFile(name)
            #expect(try file.int("version") == 2)
            let n = try file.int("n"), d = try file.int("d"), m = try file.int("m")
            let s = try file.scalar("s"), c = try file.scalar("scale"), P = m * (1 + d)
            let order = try #require(file.object["parameter_order"] as? [String])
            #expect(order.count == P && order.first == "a_1" && order[m] == "w_1[1]" && order.last == "w_\(m)[\(d)]")
            let x = try file.matrix("x"), y = try file.vector("y"), a = try file.vector("a"), W = try file.matrix("W")
            #expect(x.count == n && y.count == n && a.count == m && W.count == m)
            #expect(c * c * Rational(m) == 1, "\(name): c = 1/√m")
            #expect(try file.vector("parameters") == a + W.flatMap { $0 })
            // Forward pass from the inputs: z = w_k·x_i, f = c Σ a_k σ_s(z), r = f − y, L = (1/2n) Σ r².
            let z = x.map { xi in W.map { dot($0, xi) } }
            #expect(try file.matrix("preactivations") == z)
            func sigma(_ v: Rational) -> Rational { v.signum >= 0 ? v : (1 - s) * v }
            func slope(_ v: Rational) -> Rational { v.signum > 0 ? 1 : 1 - s }
            let f = z.map { zi in c * dot(a, zi.map(sigma)) }
            let r = zip(f, y).map { $0 - $1 }
            #expect(try file.vector("outputs") == f)
            #expect(try file.vector("residuals") == r)
            #expect(try file.scalar("loss") == Rational(1, 2 * n) * dot(r, r))
            // Kinks: exactly the zero pre-activations when s ≠ 0.
            let zeros: [[Int]] = s.isZero ? [] : z.enumerated().flatMap { i, row in row.indices.filter { row[$0].isZero }.map { [i + 1, $0 + 1] } }
            #expect((file.object["kinks"] as? [[Int]]) == zeros, "\(name): kinks")
            let gramOuter = try file.matrix("gram_outer")
            let sig = z.map { $0.map(sigma) }
            #expect(gramOuter == (0..<n).map { i in (0..<n).map { j in c * c * dot(sig[i], sig[j]) } })
            // The output Jacobian J_i = (c σ(z_ik))_k, (c a_k σ'(z_ik) x_i)_k, in the parameter order,
            // with σ'(0) := κ where a convention names one (at a kink), and the loss gradient.
            func jacobian(kink kappa: Rational) -> [[Rational]] {
                (0..<n).map { i in
                    (0..<m).map { c * sigma(z[i][$0]) }
                        + (0..<m).flatMap { k in x[i].map { c * a[k] * (z[i][k].isZero ? kappa : slope(z[i][k])) * $0 } }
                }
            }
            func gradient(_ J: [[Rational]]) -> [Rational] {
                (0..<P).map { p in Rational(1, n) * (0..<n).reduce(Rational()) { $0 + r[$1] * J[$1][p] } }
            }
            guard zeros.isEmpty else {
                for key in ["gradient", "hessian", "gauss_newton", "gram_inner", "gram_full", "gd_step"] {
                    #expect(file.isNull(key), "\(name): \(key) must be null at a kink")
                }
                #expect((file.object["undefined"] as? [String])?.count == 6)
                // Each named convention: κ as documented, and the gradient, G and ∇²L re-derived with it.
                let conventions = try #require(file.object["conventions"] as? [String: Any], "\(name): conventions")
                #expect(conventions.keys.sorted() == ["left", "midpoint", "right"])
                for (convention, kappa) in [("left", 1 - s), ("right", Rational(1)), ("midpoint", 1 - s / 2)] {
                    let entry = try #require(conventions[convention] as? [String: Any])
                    #expect(try file.scalar("kappa", in: entry) == kappa, "\(name): \(convention) κ")
                    let J = jacobian(kink: kappa)
                    #expect(try file.vector("gradient", in: entry) == gradient(J), "\(name): \(convention) gradient")
                    let g = try file.matrix("gauss_newton", in: entry), h = try file.matrix("hessian", in: entry)
                    for p in 0..<P {
                        for q in 0..<P {
                            let gn = Rational(1, n) * (0..<n).reduce(Rational()) { $0 + J[$1][p] * J[$1][q] }
                            #expect(g[p][q] == gn, "\(name): \(convention) G at (\(p), \(q))")
                            let (lo, hi) = (min(p, q), max(p, q))
                            var residualPart = Rational()
                            if lo < m, hi >= m, (hi - m) / d == lo {
                                let k = lo, j = (hi - m) % d
                                residualPart =
                                    Rational(1, n)
                                    * (0..<n).reduce(Rational()) {
                                        $0 + r[$1] * c * (z[$1][k].isZero ? kappa : slope(z[$1][k])) * x[$1][j]
                                    }
                            }
                            #expect(h[p][q] == gn + residualPart, "\(name): \(convention) ∇²L at (\(p), \(q))")
                        }
                    }
                }
                continue
            }
            #expect(file.isNull("conventions"), "\(name): conventions only at a kink")
            // No kink here: a zero pre-activation occurs only at s = 0 (kink_s0), where σ_0' ≡ 1 = 1 − s.
            let J = jacobian(kink: 1 - s)
            let gradient = gradient(J)
            #expect(try file.vector("gradient") == gradient)
            let gaussNewton = try file.matrix("gauss_newton"), hessian = try file.matrix("hessian")
            for p in 0..<P {
                for q in 0..<P {
                    #expect(gaussNewton[p][q] == Rational(1, n) * (0..<n).reduce(Rational()) { $0 + J[$1][p] * J[$1][q] })
                    #expect(hessian[p][q] == hessian[q][p], "\(name): Hessian not symmetric at (\(p), \(q))")
                    // ∇²L − G lives only in the a_k–w_k blocks: (1/n) Σ_i r_i c σ'(z_ik) x_ij.
                    let residualPart = hessian[p][q] - gaussNewton[p][q]
                    let (lo, hi) = (min(p, q), max(p, q))
                    if lo < m, hi >= m, (hi - m) / d == lo {
                        let k = lo, j = (hi - m) % d
                        let expected = Rational(1, n) * (0..<n).reduce(Rational()) { $0 + r[$1] * c * slope(z[$1][k]) * x[$1][j] }
                        #expect(residualPart == expected, "\(name): residual block at (\(p), \(q))")
                    } else {
                        #expect(residualPart.isZero, "\(name): ∇²L ≠ G outside the a_k–w_k blocks at (\(p), \(q))")
                    }
                }
            }
            // Gram matrices: K^w_ij = Σ over the w-part of J_i·J_j, K = K^a + K^w.
            let gramInner = try file.matrix("gram_inner"), gramFull = try file.matrix("gram_full")
            for i in 0..<n {
                for j in 0..<n {
                    #expect(gramInner[i][j] == dot(Array(J[i][m...]), Array(J[j][m...])))
                    #expect(gramFull[i][j] == gramOuter[i][j] + gramInner[i][j])
                }
            }
            // One gradient-descent step: θ − η ∇L.
            let step = try file.entry("gd_step")
            let eta = try file.scalar("learning_rate", in: step)
            let theta = a + W.flatMap { $0 }
            #expect(try file.vector("parameters", in: step) == zip(theta, gradient).map { $0 - eta * $1 })
        }
    }

    @Test func theKinkCaseHasAKinkAndTheOthersNone() throws {
        for name in try jsonFiles(in: committed) {
            let file = try VectorFile(name)
            let kinks = try #require(file.object["kinks"] as? [[Int]])
            let expectKink = name.hasPrefix("kink_") && !name.hasSuffix("_s0.json")
            #expect(kinks.isEmpty == !expectKink, "\(name): kinks \(kinks)")
        }
    }

    @Test func badOutputDirectoryIsAnInputError() throws {
        let file = try VerifyBinary.temporaryFile("plain.txt", "not a directory")
        let onFile = try VerifyBinary.run(["vectors", "--out", file])
        #expect(onFile.status == 2)
        #expect(onFile.standardError.contains("not a directory"))
        let below = try VerifyBinary.run(["vectors", "--out", file + "/vectors"])
        #expect(below.status == 2)
        #expect(below.standardError.contains("--out"))
        let missing = try VerifyBinary.run(["vectors"])
        #expect(missing.status == 2)
    }
}
