/// The sizes of a suite run that grow with the user's data, for the command line's memory
/// estimate before `--data` is loaded into the claims (claims 5–8 cut the rows themselves,
/// so what grows with the file is its dimension `d`).
public enum SuiteSizes {
    /// Width and number of points of the FastPath networks claims 7 and 8 train.
    public static func training(_ context: SuiteContext) -> (width: Int, samples: Int) {
        let sizes = KernelRegimeSizes.of(context)
        return (sizes.width, sizes.count)
    }

    /// Largest width and number of points of the exact networks of claim 5b.
    public static func exactConvergence(_ context: SuiteContext) -> (width: Int, samples: Int) {
        let root = Claim5.widthRoots(context).max() ?? 0
        return (root * root, Claim5.convergenceCount(context))
    }
}
