import Foundation

/// A failed system call on a named file, with errno's text
/// (e.g. "cannot write x.h5.journal: No space left on device").
public struct SystemError: Error, CustomStringConvertible, Equatable {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }

    /// Whether the device is full (ENOSPC) or over quota (EDQUOT).
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }
}
