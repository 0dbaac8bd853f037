import CMPI

/// An error returned by an MPI function (COMM_WORLD uses `MPI_ERRORS_RETURN`, so failures come
/// back as codes instead of aborting the job), or detected by this wrapper before calling MPI.
///
/// ```
/// MPI_Send failed: MPI_ERR_RANK: invalid rank (code 6)
/// ```
public struct MPIError: Error, CustomStringConvertible, Sendable {
    /// The MPI function that failed, e.g. `MPI_Send`.
    public let function: String
    /// The MPI error code (`MPI_ERR_*`); -1 for errors found by the wrapper itself.
    public let code: Int32
    /// The text of `MPI_Error_string` for `code`, or the wrapper's explanation.
    public let message: String

    /// Creates an error with an explicit message.
    public init(function: String, code: Int32, message: String) {
        self.function = function
        self.code = code
        self.message = message
    }

    /// Creates an error for `code` returned by `function`, with MPI's own text for the code.
    init(function: String, code: Int32) {
        self.init(function: function, code: code, message: MPIError.text(for: code))
    }

    /// `<function> failed: <message> (code <code>)`.
    public var description: String {
        "\(function) failed: \(message) (code \(code))"
    }

    /// Throws when `code` is not `MPI_SUCCESS`.
    static func check(_ code: Int32, _ function: @autoclosure () -> String) throws {
        if code != cmpi_success() { throw MPIError(function: function(), code: code) }
    }

    /// `MPI_Error_string` for `code`.
    static func text(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(cmpi_max_error_string()) + 1)
        var length: Int32 = 0
        guard MPI_Error_string(code, &buffer, &length) == cmpi_success() else {
            return "unknown MPI error"
        }
        return String(cString: buffer)
    }
}
