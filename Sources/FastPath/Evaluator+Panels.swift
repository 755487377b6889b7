import ForkJoin

/// The workspace of the panel path (`PanelKernels.swift`): the dataset packed twice
/// (row groups for the forward pass, column groups for the gradient pass), the packed
/// weights, the sign mask of the last forward pass and per-thread tiles.
///
/// Memory: `≈ 2·n·d` floats of packed data (once per dataset), `m·d` floats of packed
/// weights, `n·m/8` bytes of mask, and per thread `O(tile)`:
/// `96·8·16 + 2·256·16 + 2·⌈d/C⌉·C·16 + 32·d` floats.
final class PanelWorkspace {
    let rows: FloatBuffer
    let columns: FloatBuffer
    var panels: FloatBuffer
    /// The combined direction `ũ` of a directional pass, packed as panels.
    var directionPanels: FloatBuffer
    var mask: UnsafeMutablePointer<UInt8>
    var maskCount: Int
    /// The mask belongs to the weights of the last forward pass, which nothing has changed since.
    var maskValid = false
    let threads: Int
    let zBuffer: UnsafeMutablePointer<Panel>
    let sums: UnsafeMutablePointer<Lanes>
    let staging: UnsafeMutablePointer<Panel>
    let accumulators: UnsafeMutablePointer<Panel>
    /// Per thread `8·gradientPanelsPerTile·2·d` floats: the sums of one micro-tile's blocks.
    let blockSums: FloatBuffer
    let d: Int

    static let zPerThread = panelChunkGroups * panelTile * panelRows
    static let sumsPerThread = panelChunkGroups * panelRows
    static let stagingPerThread = gradientPanelsPerTile * panelSampleChunk
    static func accumulatorsPerThread(_ d: Int) -> Int {
        gradientPanelsPerTile * ((d + panelColumns - 1) / panelColumns * panelColumns)
    }

    init(d: Int, n: Int, points: UnsafePointer<Float>, threads: Int) {
        self.d = d
        self.threads = threads
        let groups = (n + panelRows - 1) / panelRows
        rows = FloatBuffer(count: groups * panelRows * d)
        PanelPacking.packRows(d: d, n: n, points: points, into: rows.pointer)
        let columnGroups = (d + panelColumns - 1) / panelColumns
        columns = FloatBuffer(count: columnGroups * panelColumns * n)
        PanelPacking.packColumns(d: d, n: n, points: points, into: columns.pointer)
        panels = FloatBuffer(count: 0)
        directionPanels = FloatBuffer(count: 0)
        maskCount = 0
        mask = .allocate(capacity: 1)
        zBuffer = .allocate(capacity: threads * Self.zPerThread)
        sums = .allocate(capacity: threads * Self.sumsPerThread)
        staging = .allocate(capacity: threads * Self.stagingPerThread)
        accumulators = .allocate(capacity: threads * Self.accumulatorsPerThread(d))
        blockSums = FloatBuffer(count: threads * 8 * 2 * gradientPanelsPerTile * d)
    }

    deinit {
        mask.deallocate()
        zBuffer.deallocate()
        sums.deallocate()
        staging.deallocate()
        accumulators.deallocate()
    }

    /// Sizes the packed weights and the mask for `blocks` blocks and `n` samples.
    func prepare(blocks: Int, n: Int) {
        let panelCount = (blocks + 1) / 2
        if panels.count != panelCount * 16 * d { panels = FloatBuffer(count: panelCount * 16 * d) }
        if directionPanels.count != panels.count { directionPanels = FloatBuffer(count: panels.count) }
        let bytes = panelCount * ((n + panelRows - 1) / panelRows) * 16
        if maskCount != bytes {
            mask.deallocate()
            maskCount = bytes
            mask = .allocate(capacity: max(maskCount, 1))
        }
    }

    var bytes: Int {
        4 * (rows.count + columns.count + 2 * panels.count + blockSums.count) + maskCount
            + threads * (64 * (Self.zPerThread + Self.stagingPerThread + Self.accumulatorsPerThread(d)) + 32 * Self.sumsPerThread)
    }

    /// Estimated bytes for a dataset of `n` samples, `d` coordinates and `m` neurons.
    static func estimatedBytes(n: Double, d: Double, width m: Double, threads: Double) -> Double {
        let groupsR = (n / Double(panelRows)).rounded(.up) * Double(panelRows)
        let columnsC = (d / Double(panelColumns)).rounded(.up) * Double(panelColumns)
        let panelWidth = (m / 16).rounded(.up) * 16
        return 4 * (groupsR * d + columnsC * n + 2 * panelWidth * d) + panelWidth * groupsR / Double(panelRows)
            + threads
            * (64 * Double(zPerThread + stagingPerThread) + 64 * Double(gradientPanelsPerTile) * columnsC
                + 32 * Double(sumsPerThread) + 4 * 8 * 2 * Double(gradientPanelsPerTile) * d)
    }
}

extension Evaluator {
    /// The smallest `d` that uses the panel path (measured: see proofs-notes/fastpath-panels.md).
    static let panelMinimumDimension = 9

    /// Whether the forward and gradient passes use the panel kernels.
    var usesPanels: Bool { specialised && panelKernels }

    func panelWorkspace() -> PanelWorkspace {
        if let panelState { return panelState }
        let state = withData { x, _ in PanelWorkspace(d: d, n: n, points: x, threads: threads) }
        panelState = state
        return state
    }

    /// The forward pair sums `R_i` into `residuals` and the mask, on the panel path.
    func panelForward(
        outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
        perSample finish: (Range<Int>) -> Void
    ) {
        let state = panelWorkspace()
        state.prepare(blocks: blocks, n: n)
        PanelPacking.packPanels(d: d, inner: w, blocks: blocks, into: state.panels.pointer)
        let d = d, n = n, threads = threads
        let r = residuals.pointer, groups = (n + panelRows - 1) / panelRows
        let rows = state.rows.pointer, panels = state.panels.pointer, mask = state.mask
        Parallel.run(threads: threads) { thread in
            let range = Parallel.chunk(thread, of: threads, count: groups)
            panelReluSums(
                d: d, outer: a, panels: panels, blocks: blocks, rows: rows, groups: range, count: n,
                out: r, mask: mask, zBuffer: state.zBuffer + thread * PanelWorkspace.zPerThread,
                sums: state.sums + thread * PanelWorkspace.sumsPerThread)
            finish(min(range.lowerBound * panelRows, n)..<min(range.upperBound * panelRows, n))
        }
        state.maskValid = true
    }

    /// `t_i = J_i·v` into `directionalBuffer` on the panel path, from the mask of the last
    /// forward pass at `net`: the combined direction as `directionalPass` forms it, packed;
    /// `panelDirectionalSums`; then `t_i = fl(c · fma(−s, T̃_i, Ũ·x_i))` per sample.
    func panelDirectional(_ net: HomotopyNetwork, direction: ParameterVector) {
        let state = panelState!
        if combinedScratch?.count != net.layout.innerCount { combinedScratch = FloatBuffer(count: net.layout.innerCount) }
        let layout = net.layout, d = d, n = n, threads = threads
        let c = net.scale, minusS = -net.s
        let out = directionalBuffer!.pointer, ut = t.pointer, combined = combinedScratch!.pointer
        let groups = (n + panelRows - 1) / panelRows
        withData { x, _ in
            net.weights.outer.withUnsafeBufferPointer { outer in
                net.weights.inner.withUnsafeBufferPointer { inner in
                    direction.outer.withUnsafeBufferPointer { dirOuter in
                        direction.inner.withUnsafeBufferPointer { dirInner in
                            Reductions.combinedDirection(
                                d: d, outer: outer.baseAddress!, inner: inner.baseAddress!,
                                directionOuter: dirOuter.baseAddress!,
                                directionInner: dirInner.baseAddress!, blocks: layout.blocks,
                                combined: combined, sum: ut)
                        }
                    }
                }
            }
            PanelPacking.packPanels(d: d, inner: combined, blocks: layout.blocks, into: state.directionPanels.pointer)
            let rows = state.rows.pointer, panels = state.directionPanels.pointer, mask = state.mask
            Parallel.run(threads: threads) { thread in
                let range = Parallel.chunk(thread, of: threads, count: groups)
                panelDirectionalSums(
                    d: d, panels: panels, blocks: layout.blocks, rows: rows, groups: range, count: n,
                    mask: mask, out: out, zBuffer: state.zBuffer + thread * PanelWorkspace.zPerThread,
                    sums: state.sums + thread * PanelWorkspace.sumsPerThread)
                for i in min(range.lowerBound * panelRows, n)..<min(range.upperBound * panelRows, n) {
                    let linearT = Reductions.linear(d: d, ut, x + i * d)
                    out[i] = c * linearT.addingProduct(minusS, out[i])
                }
            }
        }
    }

    /// The curvature pair sums `Σ_i [z_ik < 0] w_i x_i` of the panels `panels` with the
    /// sample weights `weights` (`t` or `r`), block layout from the panels' first block.
    func panelWeightedSums(
        thread: Int, panels: Range<Int>, blocks: Int, weights: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>
    ) {
        let state = panelState!
        panelMaskedResidualSums(
            d: d, blocks: blocks, panels: panels, columns: state.columns.pointer,
            residuals: weights, count: n, mask: state.mask, out: out,
            staging: state.staging + thread * PanelWorkspace.stagingPerThread,
            acc: state.accumulators + thread * PanelWorkspace.accumulatorsPerThread(d))
    }

    /// Whether the gradient pass can read the mask of the last forward pass.
    var panelMaskReady: Bool { usesPanels && panelState?.maskValid == true }

    /// Marks the mask stale (the weights or the samples changed, or residuals came from another pass).
    func invalidatePanelMask() { panelState?.maskValid = false }

    /// The gradient pair sums `B_k` of the panels of `thread` (block layout from its first block).
    func panelBackward(thread: Int, panels: Range<Int>, blocks: Int, out: UnsafeMutablePointer<Float>) {
        panelWeightedSums(thread: thread, panels: panels, blocks: blocks, weights: residuals.pointer, out: out)
    }
}
