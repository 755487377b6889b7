import ArgumentParser
/// `verify vectors`. Placeholder until the command lands.
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vectors", abstract: "(not available yet)")
    func run() throws { throw ValidationError("verify vectors is not available yet") }
}
