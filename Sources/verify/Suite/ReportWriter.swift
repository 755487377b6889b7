/// Writes the `--report` directory. Placeholder until the report writer lands.
enum ReportWriter {
    static func write(_ reports: [CheckReport], context: SuiteContext, to directory: String) throws {
        throw ValidationError("--report is not available yet")
    }
}
import ArgumentParser
