/// Ranks of `values`, 1-based, ties given the mean of the ranks they span
/// (`[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`).
public func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
        let rank = Double(start + end) / 2 + 1
        for position in start...end { ranks[order[position]] = rank }
        start = end + 1
    }
    return ranks
}

/// Pearson's correlation `Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²)`; `nan` when either
/// series is constant.
/// - Precondition: equal lengths, at least 2.
public func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count && x.count >= 2, "a correlation needs two series of equal length ≥ 2")
    let xm = x.reduce(0, +) / Double(x.count), ym = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) {
        sxy += (a - xm) * (b - ym)
        sxx += (a - xm) * (a - xm)
        syy += (b - ym) * (b - ym)
    }
    return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
}

/// Spearman's rank correlation: Pearson's correlation of the average ranks (ties handled).
///
/// ```swift
/// spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])   // 0.8208 (Wikipedia-style tie example)
/// ```
public func spearmanCorrelation(_ x: [Double], _ y: [Double]) -> Double {
    pearsonCorrelation(averageRanks(x), averageRanks(y))
}
