import FastPath
import Foundation

/// A one-line progress bar on standard error, redrawn at most ten times a second
/// and only once a run has lasted half a second (short runs print nothing).
final class TrainProgressBar {
    let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    static var standardErrorIsTerminal: Bool { isatty(2) != 0 }

    func update(_ progress: TrainingProgress) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let done = progress.step == progress.totalSteps
        guard elapsed >= 0.5, done || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let fraction = Double(progress.step) / Double(max(1, progress.totalSteps))
        let cells = 30
        let filled = Int((fraction * Double(cells)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled)
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let loss = progress.loss.isNaN ? "" : String(format: "  loss %.4e", Double(progress.loss))
        let line = String(
            format: "[%@] %3d%%  step %d/%d  stage %d (s = %g)%@  eta %.1fs",
            bar, Int(fraction * 100), progress.step, progress.totalSteps, progress.stage,
            Double(progress.s), loss, remaining)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
