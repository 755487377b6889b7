/// # FastPath: two-layer homotopy networks in SIMD `Float`
///
/// The float counterpart of `Reference`: the same model, the same parameter order,
/// computed in `Float` on `SIMD8<Float>` vectors (AVX2 + FMA when the package is
/// built on such a machine) and on all cores.
///
/// ## The model
///
/// `f(x; θ) = c · Σ_k a_k σ_s(w_k · x)`, `σ_s(z) = (1 − s) z + s·max(0, z) = z − s·min(z, 0)`,
/// `c = Float(1/√m)` (the `Float` nearest `1/√m`, stored in ``HomotopyNetwork/scale``),
/// loss `L(θ) = (1/2n) Σ_i r_i²` with residuals `r_i = f(x_i; θ) − y_i`.
/// Parameter order everywhere (vectors in and out of the public API):
/// `a_1 … a_m, w_1 (d entries) … w_m`.
///
/// ## The kink convention
///
/// `σ_s` has a kink at `z = 0` for `s ≠ 0`. The float path takes the **right
/// derivative**: `σ_s'(0) = 1` (so `σ_s'(z) = 1 − s·[z < 0]`), and `σ_s''(z) = 0`
/// everywhere, kinks included. The test `[z < 0]` is made on the computed `Float`
/// value of `w_k · x_i`, so `−0.0` counts as `0` (right side). `Reference` reports
/// kinks instead of choosing; the FastPath tests compare against exact values
/// computed with this same convention.
///
/// ## How it is computed
///
/// Because `σ_s(z) = z − s·min(z, 0)` and `σ_s'(z) = 1 − s·[z < 0]`, the linear part
/// of every sum factors through one `d`-vector:
///
/// - `f_i = c · (U · x_i − s · Σ_k a_k min(w_k·x_i, 0))` with `U = Σ_k a_k w_k`;
/// - `∂L/∂w_k = (c/n) a_k D_k`, `∂L/∂a_k = (c/n) w_k · D_k`, with
///   `D_k = V − s·Σ_i r_i [w_k·x_i < 0] x_i` and `V = Σ_i r_i x_i`
///   (`Σ_i r_i σ(z_ki) = w_k · Σ_i r_i σ'(z_ki) x_i` because `σ(z) = σ'(z) z`).
///
/// So one pass over (sample, neuron) pairs for the outputs and one for the
/// gradient, with neurons in blocks of eight SIMD lanes, and no `n × m`
/// intermediate. See `proofs-notes/fastpath-rounding-bounds.md` for the exact
/// operation order and the rounding-error bounds the tests check.
///
/// ```swift
/// let data = SyntheticDataset.circle(count: 256, frequency: 3, seed: 1)
/// var net = HomotopyNetwork.seeded(width: 1024, dimension: 2, s: 0.5, seed: 7, symmetric: true)
/// let trainer = Trainer(data: data, options: TrainingOptions(optimizer: .gradientDescent))
/// let result = trainer.train(net, schedule: try Schedule(parsing: "0.5:200,1:800", learningRate: 0.05))
/// print(result.finalLoss, result.lossCurve.count)
/// net = result.network
/// ```
public enum FastPathConventions {
    /// The kink convention of the float path, in words (also printed by `verify train --json`).
    public static let kink =
        "sigma_s'(0) = 1 (right derivative), sigma_s'' = 0 everywhere; [z < 0] is tested on the computed Float z"
}
