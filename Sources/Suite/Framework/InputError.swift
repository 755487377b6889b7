/// A problem with the user's input: an unreadable or malformed file, a value that does
/// not fit the data, a request over a resource budget. It is thrown as a value, never
/// printed where it is made: `Verify.main` prints it once, as `Error: <message>` like
/// the parser's own errors, and exits with status 2.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
