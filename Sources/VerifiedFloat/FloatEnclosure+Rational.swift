import Exact

extension FloatInterval {
    /// The tightest `Double` interval around a rational: the point `[q, q]` when `q` is a
    /// double, else the two neighbouring doubles (checked exactly, so the result contains
    /// `q` whatever the rounding of the conversion). Beyond the double range the ends are
    /// `±greatestFiniteMagnitude` or `±∞` (still an enclosure).
    public init(enclosing q: Rational) {
        let d = Double(q)
        guard d.isFinite else {
            self.init(
                q.signum < 0 ? -.infinity : Double.greatestFiniteMagnitude,
                q.signum < 0 ? -Double.greatestFiniteMagnitude : .infinity)
            return
        }
        let exact = Rational(d)
        if exact == q {
            self.init(d)
            return
        }
        var lo = d, hi = d
        if exact > q { lo = d.nextDown } else { hi = d.nextUp }
        // One step suffices for round-to-nearest; the loops make it independent of that.
        while lo.isFinite, Rational(lo) > q { lo = lo.nextDown }
        while hi.isFinite, Rational(hi) < q { hi = hi.nextUp }
        self.init(lo, hi)
    }

    /// The tightest `Double` interval containing a rational interval (see `init(enclosing:)`).
    public init(enclosing x: RationalInterval) {
        self.init(FloatInterval(enclosing: x.lo).lo, FloatInterval(enclosing: x.hi).hi)
    }
}
