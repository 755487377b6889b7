// Fuzz target: `Schedule(parsing:learningRate:)`, the `--schedule` syntax of `verify train`.
// Properties: never traps; an accepted schedule has stages with finite s, steps ≥ 1 and
// a positive finite learning rate, and its `description` parses back to the same schedule;
// a refusal is `FastPathError.invalidArgument` with a message.
import FastPath
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchedule(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = Fuzz.text(data, size)
    do {
        let schedule = try Schedule(parsing: text, learningRate: 0.05)
        Fuzz.require(!schedule.stages.isEmpty, "no stages")
        for stage in schedule.stages {
            Fuzz.require(stage.s.isFinite && stage.steps >= 1 && stage.learningRate > 0 && stage.learningRate.isFinite,
                         "stage \(stage) breaks the rules")
        }
        let back = try? Schedule(parsing: schedule.description, learningRate: 1)
        Fuzz.require(back == schedule, "\(schedule.description.debugDescription) does not parse back")
        _ = schedule.totalSteps      // what `verify train` computes first
    } catch {
        guard case let .invalidArgument(message) = error else {
            Fuzz.require(false, "unexpected error \(error)")
            return 0
        }
        Fuzz.require(!message.isEmpty, "empty message")
    }
    return 0
}

Fuzz.run(fuzzSchedule)
