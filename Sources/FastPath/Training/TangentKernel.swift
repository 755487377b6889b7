import Dispatch

extension HomotopyNetwork {
    /// The empirical neural tangent kernel `K = JJᵀ` (both layers) on the data, in `Double`,
    /// row-major `n × n`:
    ///
    ///     K_ij = c² Σ_k [ σ_s(z_ik) σ_s(z_jk) + a_k² (x_i·x_j) σ_s'(z_ik) σ_s'(z_jk) ],
    ///     z_ik = w_k·x_i,
    ///
    /// with the kink convention of FastPath (the right derivative, `σ_s'(0) = 1`; the test
    /// `z < 0` is made on the `Double` value of `z_ik`). The kernel-
    /// regime checks (claims 7, 8) use it to measure how far a trained network's kernel is from
    /// the infinite-width one (at the start, and after training: the drift).
    ///
    /// Rounding: the `Float` inputs convert exactly; `z_ik` is a `d`-term dot product, each
    /// kernel entry a sum of `m` products of such values, all in `Double`, so every entry is
    /// within `γ_{m+2d+4}·c²Σ_k(|σσ'| + a²|x_i||x_j||σ'σ'|)` (`γ_k = k u/(1 − k u)`,
    /// `u = 2⁻⁵³`) of the exact kernel of these `Float` weights (see the test
    /// `Claim7TangentKernelTests`).
    ///
    /// Rows are computed on all cores; each row `i` writes only the cells `(i, j)` and
    /// `(j, i)` with `j ≥ i`, so the result does not depend on the thread count.
    ///
    /// ```swift
    /// let net = HomotopyNetwork.seeded(width: 4096, dimension: 2, s: 1, seed: 7, symmetric: true)
    /// let k = net.tangentKernel(on: data)     // k[i * n + j]
    /// ```
    /// - Precondition: the network's dimension is the data's.
    public func tangentKernel(on data: FloatDataset) -> [Double] {
        precondition(dimension == data.dimension, "the network has d = \(dimension), the data d = \(data.dimension)")
        let n = data.count, d = data.dimension, m = width
        let sD = Double(s), c2 = Double(scale) * Double(scale)
        let a = outer.map(Double.init)
        let w = inner
        let x = (0..<n).map { data.point($0).map(Double.init) }
        var feature = [Double](repeating: 0, count: n * m)  // σ_s(z_ik)
        var slope = [Double](repeating: 0, count: n * m)  // a_k σ_s'(z_ik)
        for i in 0..<n {
            for k in 0..<m {
                var z = 0.0
                for j in 0..<d { z += Double(w[k][j]) * x[i][j] }
                feature[i * m + k] = z < 0 ? (1 - sD) * z : z
                slope[i * m + k] = a[k] * (z < 0 ? 1 - sD : 1)
            }
        }
        var kernel = [Double](repeating: 0, count: n * n)
        kernel.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer.baseAddress!
            feature.withUnsafeBufferPointer { featureBuffer in
                slope.withUnsafeBufferPointer { slopeBuffer in
                    nonisolated(unsafe) let f = featureBuffer.baseAddress!, g = slopeBuffer.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: n) { i in
                        for j in i..<n {
                            var ff = 0.0, gg = 0.0
                            for k in 0..<m {
                                ff += f[i * m + k] * f[j * m + k]
                                gg += g[i * m + k] * g[j * m + k]
                            }
                            var xx = 0.0
                            for l in 0..<d { xx += x[i][l] * x[j][l] }
                            let value = c2 * (ff + xx * gg)
                            out[i * n + j] = value
                            out[j * n + i] = value
                        }
                    }
                }
            }
        }
        return kernel
    }
}
