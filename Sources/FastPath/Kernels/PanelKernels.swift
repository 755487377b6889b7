/// The GEMM-class kernels of the forward and gradient passes for larger `d` (the
/// "panel path"): packed operands, register-blocked micro-kernels over 16-neuron panels,
/// cache blocking, and a 1-bit sign mask that the gradient pass reads instead of
/// computing every `z = w·x` again.
///
/// ## The operation order is that of the block kernels
///
/// Every number the panel path produces is computed by the same sequence of IEEE
/// operations as the run-time-`d` block kernels (`reluSums(d:…)`,
/// `maskedResidualSums(d:…)`), so the two give bit-identical results (the tests check
/// this) and `RoundingBounds` covers both without change:
///
/// - `z_ik = fma(w_k[d−1], x_i[d−1], … fma(w_k[1], x_i[1], fma(w_k[0], x_i[0], +0)))`:
///   one chain per (sample, neuron), coordinates in order. A chain split across depth
///   blocks is stored and reloaded exactly between blocks.
/// - `R_i = laneSum(S_i)`, `S_i = fma(a_b, min(z_b, 0), S_i)` over the blocks of eight
///   neurons `b = 0, 1, …` in order, from `+0`: the panel's two halves are blocks `2p`
///   and `2p + 1`, added one after the other.
/// - `B_k[j] = fma([z_ik < 0]·r_i, x_i[j], B_k[j])` over the samples `i = 0, 1, …` in
///   order from `+0` (one accumulator: `gradientAccumulatorSets(d) = 1` for `d ≥ 5`). The
///   mask bit of `(i, k)` is the sign bit of the same `z_ik`, kept from the forward pass.
///
/// Lane width changes no operation: a neuron's `z` chain and its sums are the same in a
/// 16-lane (AVX-512) or two 8-lane (AVX2) registers. Only the register blocking changes.
///
/// ## Layouts
///
/// - Panels: `panel[(p·d + j)·16 + l]` is `w_{16p+l}[j]` (blocks `2p`, `2p + 1`; a
///   missing last block is zero), packed from the block layout at every pass, `O(m·d)`.
/// - Row groups (forward): `rows[(g·d + j)·R + r]` is `x_{gR+r}[j]`, zero past `n`
///   (`R = panelRows`); packed once per dataset.
/// - Column groups (gradient): `columns[(h·n + i)·C + c]` is `x_i[hC + c]`, zero past
///   `d` (`C = panelColumns`); packed once per dataset.
/// - Mask: byte `mask[(p·G + g)·16 + l]` has bit `r` set exactly when `z_{i,16p+l} < 0` (its
///   sign bit), `i = gR + r`, `G = ⌈n/R⌉`: one byte per (row group, neuron), so the bits are
///   packed by vertical operations only; `n·m/8` bytes (`R = 8`) or `n·m/6` (`R = 6`).

/// Sixteen `Float` lanes: one panel of neurons (two blocks).
typealias Panel = SIMD16<Float>

#if FASTPATH_AVX512
    /// Samples per forward micro-tile (`R`): 8 samples × 2 panels = 16 of AVX-512's 32 registers.
    let panelRows = 8
    /// Panels per forward micro-tile.
    let forwardPanelsPerTile = 2
    /// Coordinates per gradient micro-tile (`C`): 2 panels × 8 coordinates = 16 registers.
    let panelColumns = 8
    /// Panels per gradient micro-tile.
    let gradientPanelsPerTile = 2
    /// A forward micro-tile's `z` of one panel.
    typealias RowRegisters = InlineArray<8, Panel>
    /// A gradient micro-tile's sums of one panel.
    typealias ColumnRegisters = InlineArray<8, Panel>
#else
    /// Samples per forward micro-tile (`R`): 6 samples × 1 panel = 12 of AVX2's 16 registers.
    let panelRows = 6
    let forwardPanelsPerTile = 1
    /// Coordinates per gradient micro-tile (`C`): 1 panel × 6 coordinates = 12 registers.
    let panelColumns = 6
    let gradientPanelsPerTile = 1
    typealias RowRegisters = InlineArray<6, Panel>
    typealias ColumnRegisters = InlineArray<6, Panel>
#endif

/// Row groups per forward chunk (the chunk's `z` and sums stay in L2).
let panelChunkGroups = 96 / panelRows
/// Panels per forward tile (128 neurons).
let panelTile = 8
/// Coordinates per depth block: a tile's panels (`8 · 256 · 64` bytes) stay in L2 and a
/// micro-tile's two panels in L1 while the chunk's samples use them.
let panelDepth = 128
/// Samples per gradient chunk (the chunk's masked residuals stay in L1).
let panelSampleChunk = 256

@inline(__always)
func load16(_ p: UnsafePointer<Float>) -> Panel {
    UnsafeRawPointer(p).loadUnaligned(as: Panel.self)
}

@inline(__always)
func store16(_ v: Panel, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Panel.self)
}

/// `bits | (signbit(z) << r)` per lane: adds sample `r`'s sign bits to a row group's mask
/// bytes (set exactly when `z < 0`: no `z` is `−0`).
@inline(__always)
func addingSignBits(_ bits: SIMD16<UInt32>, _ z: Panel, row r: Int) -> SIMD16<UInt32> {
    bits | ((unsafeBitCast(z, to: SIMD16<UInt32>.self) &>> 31) &<< UInt32(truncatingIfNeeded: r))
}

/// The 16 mask bytes of one (panel, row group), widened to one lane each.
@inline(__always)
func loadMaskBytes(_ p: UnsafePointer<UInt8>) -> SIMD16<UInt32> {
    SIMD16<UInt32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self))
}

/// `r` in the lanes whose bit `row` is set, `+0` elsewhere: `[z < 0]·r` from the mask.
@inline(__always)
func masked(_ bytes: SIMD16<UInt32>, row: Int, _ r: Float) -> Panel {
    masked(bytes, row: row, Panel(repeating: r))
}

/// `y` in the lanes whose bit `row` is set, `+0` elsewhere: `[z < 0]·y` from the mask.
@inline(__always)
func masked(_ bytes: SIMD16<UInt32>, row: Int, _ y: Panel) -> Panel {
    let set = (bytes & SIMD16<UInt32>(repeating: 1 &<< UInt32(truncatingIfNeeded: row))) .!= SIMD16<UInt32>()
    return Panel().replacing(with: y, where: set)
}

enum PanelPacking {
    /// Blocks `2p`, `2p + 1` of the block layout into panel `p` (see the layouts above).
    static func packPanels(d: Int, inner w: UnsafePointer<Float>, blocks: Int, into panel: UnsafeMutablePointer<Float>) {
        for p in 0..<((blocks + 1) / 2) {
            let lo = w + 8 * d * (2 * p), hasHigh = 2 * p + 1 < blocks
            let out = panel + 16 * d * p
            for j in 0..<d {
                store8(load8(lo + 8 * j), out + 16 * j)
                store8(hasHigh ? load8(lo + 8 * d + 8 * j) : Lanes(), out + 16 * j + 8)
            }
        }
    }

    /// The points (row by row) into row groups of `panelRows` samples.
    static func packRows(d: Int, n: Int, points x: UnsafePointer<Float>, into rows: UnsafeMutablePointer<Float>) {
        let groups = (n + panelRows - 1) / panelRows
        for g in 0..<groups {
            for j in 0..<d {
                for r in 0..<panelRows {
                    let i = g * panelRows + r
                    rows[(g * d + j) * panelRows + r] = i < n ? x[i * d + j] : 0
                }
            }
        }
    }

    /// The points into column groups of `panelColumns` coordinates.
    static func packColumns(d: Int, n: Int, points x: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) {
        let groups = (d + panelColumns - 1) / panelColumns
        for h in 0..<groups {
            for i in 0..<n {
                for c in 0..<panelColumns {
                    let j = h * panelColumns + c
                    columns[(h * n + i) * panelColumns + c] = j < d ? x[i * d + j] : 0
                }
            }
        }
    }
}

// MARK: - Forward

/// The `z` tiles of the row groups `groups` against the packed `panels`, handed to
/// `epilogue(g0, g1, p0, p1, zBuffer)` once per (chunk, tile) after the tile's last depth
/// block; `zBuffer[((g − g0)·panelTile + (p − p0))·panelRows + r]` is then the panel of
/// `z` of sample `gR + r` and panel `p`.
///
/// Blocking: chunks of `panelChunkGroups` row groups; per chunk, tiles of `panelTile`
/// panels; per tile, depth blocks of `panelDepth` coordinates; per depth block the
/// micro-tiles (`panelRows` samples × `forwardPanelsPerTile` panels) with their `z` in
/// registers. The epilogue reads a tile's `z` while it is still in L1/L2.
///
/// - Parameter zBuffer: `panelChunkGroups · panelTile · panelRows` panels.
/// - Complexity: `(groups · R)·16·panels·d` fused multiply–adds.
@inline(__always)
func panelProducts(
    d: Int, panels w: UnsafePointer<Float>, blocks: Int, rows x: UnsafePointer<Float>, groups: Range<Int>,
    zBuffer: UnsafeMutablePointer<Panel>,
    chunkStart: (Range<Int>) -> Void,
    epilogue: (_ groups: Range<Int>, _ panels: Range<Int>) -> Void,
    chunkEnd: (Range<Int>) -> Void
) {
    let panels = (blocks + 1) / 2
    var g0 = groups.lowerBound
    while g0 < groups.upperBound {
        let g1 = min(g0 + panelChunkGroups, groups.upperBound)
        chunkStart(g0..<g1)
        var p0 = 0
        while p0 < panels {
            let p1 = min(p0 + panelTile, panels)
            var j0 = 0
            while j0 < d {
                let j1 = min(j0 + panelDepth, d)
                var p = p0
                while p < p1 {
                    let two = forwardPanelsPerTile == 2 && p + 1 < p1
                    for g in g0..<g1 {
                        let z = zBuffer + ((g - g0) * panelTile + (p - p0)) * panelRows
                        let xg = x + g * d * panelRows
                        if two {
                            forwardMicroTile2(d: d, panels: w + 16 * d * p, rows: xg, depth: j0..<j1, z: z)
                        } else {
                            forwardMicroTile1(d: d, panel: w + 16 * d * p, rows: xg, depth: j0..<j1, z: z)
                        }
                    }
                    p += two ? 2 : 1
                }
                j0 = j1
            }
            epilogue(g0..<g1, p0..<p1)
            p0 = p1
        }
        chunkEnd(g0..<g1)
        g0 = g1
    }
}

/// The forward pair sums over the row groups `groups`: `out[i] = R_i` and the mask bytes
/// of every (row group, panel), in the operation order above (`panelProducts`, then per
/// sample `S = fma(a_b, min(z_b, 0), S)` over the tile's blocks in order).
///
/// - Parameters:
///   - zBuffer: `panelChunkGroups · panelTile · panelRows` panels.
///   - sums: `panelChunkGroups · panelRows` lane sums.
/// - Complexity: `n·m·d` fused multiply–adds, `n·m/8` mask bytes written.
func panelReluSums(
    d: Int, outer a: UnsafePointer<Float>, panels w: UnsafePointer<Float>, blocks: Int,
    rows x: UnsafePointer<Float>, groups: Range<Int>, count n: Int,
    out: UnsafeMutablePointer<Float>, mask: UnsafeMutablePointer<UInt8>,
    zBuffer: UnsafeMutablePointer<Panel>, sums: UnsafeMutablePointer<Lanes>
) {
    let groupCount = (n + panelRows - 1) / panelRows
    panelProducts(
        d: d, panels: w, blocks: blocks, rows: x, groups: groups, zBuffer: zBuffer,
        chunkStart: { chunk in for q in 0..<(chunk.count * panelRows) { sums[q] = Lanes() } },
        epilogue: { chunk, tile in
            for g in chunk {
                let rows = min(panelRows, n - g * panelRows)
                for p in tile {
                    let z = zBuffer + ((g - chunk.lowerBound) * panelTile + (p - tile.lowerBound)) * panelRows
                    let ap = load8(a + 16 * p), aq = load8(a + 16 * p + 8), high = 2 * p + 1 < blocks
                    let sp = sums + (g - chunk.lowerBound) * panelRows
                    var bits = SIMD16<UInt32>()
                    for r in 0..<rows {
                        let zr = z[r]
                        var s = sp[r]
                        s.addProduct(ap, minimumWithZero(zr.lowHalf))
                        if high { s.addProduct(aq, minimumWithZero(zr.highHalf)) }
                        sp[r] = s
                        bits = addingSignBits(bits, zr, row: r)
                    }
                    UnsafeMutableRawPointer(mask + (p * groupCount + g) * 16)
                        .storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: bits), as: SIMD16<UInt8>.self)
                }
            }
        },
        chunkEnd: { chunk in
            for g in chunk {
                for r in 0..<min(panelRows, n - g * panelRows) {
                    out[g * panelRows + r] = laneSum(sums[(g - chunk.lowerBound) * panelRows + r])
                }
            }
        })
}

/// The directional pair sums over the row groups `groups`, from the mask of the last
/// forward pass at the same weights: `out[i] = laneSum(S_i)`,
/// `S_i = S_i + [z_b < 0]·y_b` over the blocks in order from `+0`, `y = ũ·x` (the chain of
/// `z` with the combined direction `ũ` packed in `panels`): the operation order of
/// `directionalSums` (`DirectionalKernel.swift`), bit for bit.
///
/// - Complexity: `n·m·d` fused multiply–adds; no `z` is recomputed.
func panelDirectionalSums(
    d: Int, panels u: UnsafePointer<Float>, blocks: Int, rows x: UnsafePointer<Float>, groups: Range<Int>,
    count n: Int, mask: UnsafePointer<UInt8>, out: UnsafeMutablePointer<Float>,
    zBuffer: UnsafeMutablePointer<Panel>, sums: UnsafeMutablePointer<Lanes>
) {
    let groupCount = (n + panelRows - 1) / panelRows
    panelProducts(
        d: d, panels: u, blocks: blocks, rows: x, groups: groups, zBuffer: zBuffer,
        chunkStart: { chunk in for q in 0..<(chunk.count * panelRows) { sums[q] = Lanes() } },
        epilogue: { chunk, tile in
            for g in chunk {
                let rows = min(panelRows, n - g * panelRows)
                for p in tile {
                    let y = zBuffer + ((g - chunk.lowerBound) * panelTile + (p - tile.lowerBound)) * panelRows
                    let bytes = loadMaskBytes(mask + (p * groupCount + g) * 16)
                    let high = 2 * p + 1 < blocks
                    let sp = sums + (g - chunk.lowerBound) * panelRows
                    for r in 0..<rows {
                        let selected = masked(bytes, row: r, y[r])
                        var s = sp[r]
                        s += selected.lowHalf
                        if high { s += selected.highHalf }
                        sp[r] = s
                    }
                }
            }
        },
        chunkEnd: { chunk in
            for g in chunk {
                for r in 0..<min(panelRows, n - g * panelRows) {
                    out[g * panelRows + r] = laneSum(sums[(g - chunk.lowerBound) * panelRows + r])
                }
            }
        })
}

/// `z` of one row group × two panels over the coordinates `depth`: started at `+0` by
/// `fma(w[0], x[0], +0)` when the depth block is the first, else continued from `z`.
@inline(__always)
func forwardMicroTile2(
    d: Int, panels w: UnsafePointer<Float>, rows x: UnsafePointer<Float>, depth: Range<Int>,
    z: UnsafeMutablePointer<Panel>
) {
    let wb = w + 16 * d
    var za = RowRegisters(repeating: Panel())
    var zb = RowRegisters(repeating: Panel())
    var j = depth.lowerBound
    if j == 0 {
        let wa0 = load16(w), wb0 = load16(wb)
        for r in 0..<panelRows {
            let e = Panel(repeating: x[r])
            za[r] = Panel().addingProduct(wa0, e)
            zb[r] = Panel().addingProduct(wb0, e)
        }
        j = 1
    } else {
        for r in 0..<panelRows {
            za[r] = z[r]
            zb[r] = z[panelRows + r]
        }
    }
    while j < depth.upperBound {
        let waj = load16(w + 16 * j), wbj = load16(wb + 16 * j)
        let xj = x + j * panelRows
        for r in 0..<panelRows {
            let e = Panel(repeating: xj[r])
            za[r].addProduct(waj, e)
            zb[r].addProduct(wbj, e)
        }
        j += 1
    }
    for r in 0..<panelRows {
        z[r] = za[r]
        z[panelRows + r] = zb[r]
    }
}

/// `forwardMicroTile2` for one panel.
@inline(__always)
func forwardMicroTile1(
    d: Int, panel w: UnsafePointer<Float>, rows x: UnsafePointer<Float>, depth: Range<Int>,
    z: UnsafeMutablePointer<Panel>
) {
    var za = RowRegisters(repeating: Panel())
    var j = depth.lowerBound
    if j == 0 {
        let wa0 = load16(w)
        for r in 0..<panelRows { za[r] = Panel().addingProduct(wa0, Panel(repeating: x[r])) }
        j = 1
    } else {
        for r in 0..<panelRows { za[r] = z[r] }
    }
    while j < depth.upperBound {
        let waj = load16(w + 16 * j)
        let xj = x + j * panelRows
        for r in 0..<panelRows { za[r].addProduct(waj, Panel(repeating: xj[r])) }
        j += 1
    }
    for r in 0..<panelRows { z[r] = za[r] }
}

// MARK: - Gradient

/// The gradient pair sums of the panels `panels`: `B_k[j] = Σ_i [z_ik < 0] r_i x_i[j]`
/// (samples in order, from `+0`), written in the block layout at `out + 8·d·(b − base)`
/// for every existing block `b` of those panels, `base = 2·panels.lowerBound`.
///
/// Per micro-tile (`gradientPanelsPerTile` panels × `panelColumns` coordinates, in
/// registers) the samples of a chunk of `panelSampleChunk` run in order; the masked
/// residuals of the chunk are staged from the mask once per panel; the sums carry from
/// chunk to chunk through `acc` (exact).
///
/// - Parameters:
///   - staging: `gradientPanelsPerTile · panelSampleChunk` panels.
///   - acc: `gradientPanelsPerTile · ⌈d/C⌉·C` panels.
/// - Complexity: `n·m·d` fused multiply–adds; no `z` is recomputed.
func panelMaskedResidualSums(
    d: Int, blocks: Int, panels: Range<Int>, columns x: UnsafePointer<Float>,
    residuals r: UnsafePointer<Float>, count n: Int, mask: UnsafePointer<UInt8>,
    out: UnsafeMutablePointer<Float>, staging: UnsafeMutablePointer<Panel>, acc: UnsafeMutablePointer<Panel>
) {
    let columnGroups = (d + panelColumns - 1) / panelColumns
    let paddedD = columnGroups * panelColumns
    var p = panels.lowerBound
    while p < panels.upperBound {
        let count = gradientPanelsPerTile == 2 && p + 1 < panels.upperBound ? 2 : 1
        for q in 0..<(count * paddedD) { acc[q] = Panel() }
        var c0 = 0
        while c0 < n {
            let c1 = min(c0 + panelSampleChunk, n)
            let groupCount = (n + panelRows - 1) / panelRows
            for q in 0..<count {
                let bytes = mask + (p + q) * groupCount * 16
                let stage = staging + q * panelSampleChunk
                // One row group's mask bytes at a time, widened once for its samples.
                var i = c0
                while i < c1 {
                    let g = i / panelRows
                    let widened = loadMaskBytes(bytes + 16 &* g)
                    let end = min(c1, (g &+ 1) &* panelRows)
                    while i < end {
                        stage[i &- c0] = masked(widened, row: i &- g &* panelRows, r[i])
                        i &+= 1
                    }
                }
            }
            for h in 0..<columnGroups {
                let xh = x + (h * n + c0) * panelColumns
                if count == 2 {
                    gradientMicroTile2(
                        samples: c1 - c0, columns: xh, staging: staging, acc: acc + h * panelColumns,
                        accStride: paddedD)
                } else {
                    gradientMicroTile1(samples: c1 - c0, columns: xh, staging: staging, acc: acc + h * panelColumns)
                }
            }
            c0 = c1
        }
        let base = 2 * panels.lowerBound
        for q in 0..<count {
            let b = 2 * (p + q)
            let lo = out + 8 * d * (b - base), hi = lo + 8 * d
            for j in 0..<d {
                let sum = acc[q * paddedD + j]
                store8(sum.lowHalf, lo + 8 * j)
                if b + 1 < blocks { store8(sum.highHalf, hi + 8 * j) }
            }
        }
        p += count
    }
}

/// Two panels × `panelColumns` coordinates over `samples` samples in order:
/// `acc[q·accStride + c] = fma(staged_q[i], x_i[c], ·)`.
@inline(__always)
func gradientMicroTile2(
    samples: Int, columns x: UnsafePointer<Float>, staging: UnsafePointer<Panel>,
    acc: UnsafeMutablePointer<Panel>, accStride: Int
) {
    var sa = ColumnRegisters(repeating: Panel())
    var sb = ColumnRegisters(repeating: Panel())
    for c in 0..<panelColumns {
        sa[c] = acc[c]
        sb[c] = acc[accStride + c]
    }
    let ma = staging, mb = staging + panelSampleChunk
    var xi = x
    for i in 0..<samples {
        let mai = ma[i], mbi = mb[i]
        for c in 0..<panelColumns {
            let e = Panel(repeating: xi[c])
            sa[c].addProduct(mai, e)
            sb[c].addProduct(mbi, e)
        }
        xi += panelColumns
    }
    for c in 0..<panelColumns {
        acc[c] = sa[c]
        acc[accStride + c] = sb[c]
    }
}

/// `gradientMicroTile2` for one panel.
@inline(__always)
func gradientMicroTile1(
    samples: Int, columns x: UnsafePointer<Float>, staging: UnsafePointer<Panel>, acc: UnsafeMutablePointer<Panel>
) {
    var sa = ColumnRegisters(repeating: Panel())
    for c in 0..<panelColumns { sa[c] = acc[c] }
    var xi = x
    for i in 0..<samples {
        let mai = staging[i]
        for c in 0..<panelColumns { sa[c].addProduct(mai, Panel(repeating: xi[c])) }
        xi += panelColumns
    }
    for c in 0..<panelColumns { acc[c] = sa[c] }
}
