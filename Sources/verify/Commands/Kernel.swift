import ArgumentParser
/// `verify kernel`. Placeholder until the command lands.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kernel", abstract: "(not available yet)")
    func run() throws { throw ValidationError("verify kernel is not available yet") }
}
