/// A YAML text that could not be loaded: what is wrong, where, and what to do.
///
/// Syntax errors carry libyaml's own reason (its `problem` and `context`) at libyaml's problem mark; the loader's
/// own errors (undefined alias, alias bomb, nesting too deep, unsupported key) say which limit or rule was hit.
public struct YAMLError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var message: String
    /// Where the problem is.
    public var location: SourceLocation
    /// What to do about it, when there is something to say.
    public var hint: String?

    /// Creates an error.
    /// - Parameters:
    ///   - message: what is wrong.
    ///   - location: where.
    ///   - hint: what to do about it.
    public init(message: String, location: SourceLocation, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `file:line:column: message`.
    public var description: String { "\(location): \(message)" }
}
