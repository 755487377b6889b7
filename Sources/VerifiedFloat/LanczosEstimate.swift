import ForkJoin

/// Uncertified estimates of extreme eigenpairs by the Lanczos method with full
/// reorthogonalisation. They only choose where the verified tests look: every bound the
/// brackets return is proven by `RumpPositiveDefiniteness` or `RigorousRayleighQuotient`.
public enum LanczosEstimate {
    /// Ritz pairs at both ends of the spectrum of a symmetric operator.
    public struct Ends: Sendable {
        public let smallestValue: Double
        public let smallestVector: [Double]
        public let largestValue: Double
        public let largestVector: [Double]
    }

    /// `steps` Lanczos steps on `apply` (`y = A·x`) from a fixed pseudo-random start.
    /// - Complexity: `steps` applications plus `O(n·steps²)` for reorthogonalisation.
    public static func ends(n: Int, steps requested: Int, apply: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) -> Ends {
        let steps = max(1, min(requested, n))
        var basis: [[Double]] = []
        var alpha: [Double] = [], beta: [Double] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var q = (0..<n).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(Int64(bitPattern: state >> 11) & 0xFFFFF) / Double(0xFFFFF) - 0.5 + 1e-3
        }
        normalise(&q)
        var w = [Double](repeating: 0, count: n)
        for step in 0..<steps {
            basis.append(q)
            q.withUnsafeBufferPointer { qb in w.withUnsafeMutableBufferPointer { wb in apply(qb, wb) } }
            let a = dot(w, q)
            alpha.append(a)
            // Full reorthogonalisation, twice (classical Gram–Schmidt).
            for _ in 0..<2 {
                for v in basis {
                    let h = dot(w, v)
                    for i in 0..<n { w[i] -= h * v[i] }
                }
            }
            let b = dot(w, w).squareRoot()
            if step == steps - 1 || !(b > 1e-300) || !b.isFinite { break }
            beta.append(b)
            q = w.map { $0 / b }
        }
        let k = alpha.count
        var t = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            t[i * k + i] = alpha[i]
            if i + 1 < k {
                t[i * k + i + 1] = beta[i]
                t[(i + 1) * k + i] = beta[i]
            }
        }
        let (values, vectors) = jacobi(t, n: k)
        var lowIndex = 0, highIndex = 0
        for i in 0..<k {
            if values[i] < values[lowIndex] { lowIndex = i }
            if values[i] > values[highIndex] { highIndex = i }
        }
        func ritz(_ c: Int) -> [Double] {
            var z = [Double](repeating: 0, count: n)
            for (r, v) in basis.enumerated() {
                let f = vectors[r * k + c]
                for i in 0..<n { z[i] += f * v[i] }
            }
            normalise(&z)
            return z
        }
        return Ends(
            smallestValue: values[lowIndex], smallestVector: ritz(lowIndex),
            largestValue: values[highIndex], largestVector: ritz(highIndex))
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s = s.addingProduct(a[i], b[i]) }
        return s
    }

    static func normalise(_ x: inout [Double]) {
        let norm = dot(x, x).squareRoot()
        if norm > 0 { for i in x.indices { x[i] /= norm } }
    }

    /// Eigenvalues and eigenvectors (columns of the row-major result) of a small symmetric
    /// matrix by cyclic Jacobi rotations.
    static func jacobi(_ input: [Double], n: Int) -> ([Double], [Double]) {
        var a = input
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<80 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
            if off < 1e-300 { break }
            for p in 0..<n {
                for r in (p + 1)..<max(p + 1, n) {
                    let apr = a[p * n + r]
                    if apr == 0 { continue }
                    let theta = (a[r * n + r] - a[p * n + p]) / (2 * apr)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akr = a[k * n + r]
                        a[k * n + p] = c * akp - s * akr
                        a[k * n + r] = s * akp + c * akr
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], ark = a[r * n + k]
                        a[p * n + k] = c * apk - s * ark
                        a[r * n + k] = s * apk + c * ark
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkr = v[k * n + r]
                        v[k * n + p] = c * vkp - s * vkr
                        v[k * n + r] = s * vkp + c * vkr
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
