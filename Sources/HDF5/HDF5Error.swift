/// An error reported by the HDF5 library (or detected by this wrapper before calling it).
///
/// `operation` says what was being attempted, naming the file, group or dataset involved;
/// `messages` are the descriptions on HDF5's error stack at the time of the failure, outermost
/// (the API call) first, innermost (the root cause) last, with repeats removed.
///
/// ```
/// cannot open file 'x.h5': unable to open file: file signature not found
/// ```
public struct HDF5Error: Error, CustomStringConvertible, Sendable {
    /// What was being attempted, e.g. `cannot open file 'x.h5'`.
    public let operation: String
    /// The HDF5 error stack's descriptions, outermost first.
    public let messages: [String]

    /// Creates an error from an operation and explicit messages.
    public init(operation: String, messages: [String] = []) {
        self.operation = operation
        self.messages = messages
    }

    /// The operation followed by the stack's messages, separated by `": "`.
    public var description: String {
        ([operation] + messages).joined(separator: ": ")
    }

    /// Builds an error for `operation` from the calling thread's current HDF5 error stack.
    static func fromStack(_ operation: String) -> HDF5Error {
        HDF5Error(operation: operation, messages: HDF5Library.errorStackMessages())
    }
}
