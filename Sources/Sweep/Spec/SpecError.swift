/// A problem in a sweep spec: where it is (file, line, column), which key it concerns
/// (dotted, e.g. `grid.alpha`) and what is wrong.
///
/// Its description is one line in the compiler style editors understand:
/// `jobs/x.toml:7: error: grid.alpha: value 0.6 out of range: must be in [0, 0.5)`.
/// Missing parts are left out (`jobs/x.toml: error: …` when no line is known).
public struct SpecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The spec's path as given by the user.
    public let file: String
    /// 1-based line, when known.
    public let line: Int?
    /// 1-based column, when known (TOML syntax errors only).
    public let column: Int?
    /// The dotted key the problem concerns (`grid.alpha`, `derived.N`, `zip.n`), when there is one.
    public let key: String?
    /// What is wrong and, where possible, what to do about it.
    public let message: String

    /// Creates an error; `column` is only shown when `line` is known.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `"<file>:<line>:<column>: error: <key>: <message>"`, on one line.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": error: "
        if let key, !key.isEmpty { text += "\(key): " }
        // One line, whatever the message carries.
        text += message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return text
    }
}
