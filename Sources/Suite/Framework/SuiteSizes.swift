/// The sizes of a suite run that grow with the user's data, for the command line's memory
/// estimate and its row limit.
public enum SuiteSizes {
    /// Width and number of points of the FastPath networks claims 7 and 8 train.
    public static func training(_ context: SuiteContext) -> (width: Int, samples: Int) {
        let sizes = KernelRegimeSizes.of(context)
        return (sizes.width, context.data?.count ?? sizes.count)
    }

    /// Largest width and number of points of the networks of claim 5b (exact weights; their
    /// kernels on the verified float64 path since protocol 5b version 3).
    public static func exactConvergence(_ context: SuiteContext) -> (width: Int, samples: Int) {
        let root = Claim5.widthRoots(context).max() ?? 0
        return (root * root, context.data?.count ?? Claim5.convergenceCount(context))
    }

    /// The most rows of a `--data` file that the data claims (`SuiteContext.claimsUsingData`) take without `--max-rows`: the size
    /// of their built-in data sets at this profile (32 quick, 48 full, 100 large). The exact kernels grow
    /// like `n³` and claim 5b's networks like `n·m`, so a longer file is refused with a
    /// message rather than cut.
    public static func rowLimit(_ profile: SuiteContext.Profile) -> Int {
        KernelRegimeSizes.of(SuiteContext(profile: profile, seed: 0)).count
    }
}
