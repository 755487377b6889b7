/// Ordinary least-squares slope of one series of points, `b = Σ(x − x̄)(y − ȳ)/Σ(x − x̄)²`.
/// - Precondition: at least 2 distinct abscissae.
public func leastSquaresSlope(x: [Double], y: [Double]) -> Double {
    precondition(x.count == y.count && x.count >= 2)
    let xMean = x.reduce(0, +) / Double(x.count), yMean = y.reduce(0, +) / Double(y.count)
    let sxx = x.reduce(0) { $0 + ($1 - xMean) * ($1 - xMean) }
    precondition(sxx > 0, "a slope needs two distinct abscissae")
    return zip(x, y).reduce(0) { $0 + ($1.0 - xMean) * ($1.1 - yMean) } / sxx
}
