import CHDF5

/// Process-wide HDF5 set-up and the checks that turn C return codes into thrown errors.
enum HDF5Library {
    /// Opens the library once per process.
    private static let opened: Bool = {
        H5open() >= 0
    }()

    /// Called at the top of every public operation.
    ///
    /// Opens the library once per process and turns off HDF5's automatic printing of error
    /// stacks to stderr. The installed library is thread-safe, and in a thread-safe build the
    /// automatic-printing setting belongs to each thread's own error stack, so it is switched off
    /// on whichever thread is calling (a single cheap library call).
    static func prepare() {
        _ = opened
        _ = chdf5_silence_errors()
    }

    /// Throws when `status` (an `herr_t`) is negative.
    static func check(_ status: herr_t, _ operation: @autoclosure () -> String) throws {
        if status < 0 { throw HDF5Error.fromStack(operation()) }
    }

    /// Returns `id` when it is a valid identifier, throws otherwise.
    static func check(id: hid_t, _ operation: @autoclosure () -> String) throws -> hid_t {
        if id < 0 { throw HDF5Error.fromStack(operation()) }
        return id
    }

    /// Returns the truth value of an `htri_t`, throwing when it is negative.
    static func check(tri: htri_t, _ operation: @autoclosure () -> String) throws -> Bool {
        if tri < 0 { throw HDF5Error.fromStack(operation()) }
        return tri > 0
    }

    /// The descriptions on the calling thread's default error stack, outermost first.
    static func errorStackMessages() -> [String] {
        final class Collector { var messages: [String] = [] }
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        _ = H5Ewalk2(chdf5_e_default(), H5E_WALK_DOWNWARD, { _, entry, context in
            guard let entry, let context else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
            var text = entry.pointee.desc.map { String(cString: $0) } ?? ""
            if text.isEmpty {
                // Fall back to the minor error's message ("file not found", ...).
                var buffer = [CChar](repeating: 0, count: 256)
                var type = H5E_MINOR
                if H5Eget_msg(entry.pointee.min_num, &type, &buffer, buffer.count) > 0 {
                    text = String(cString: buffer)
                }
            }
            text = HDF5Library.tidy(text)
            if !text.isEmpty, collector.messages.last != text {
                collector.messages.append(text)
            }
            return 0
        }, context)
        withExtendedLifetime(collector) {}
        return collector.messages
    }

    /// Shortens the library's long low-level messages: the file driver's
    /// `name = '…', errno = 2, error message = 'No such file or directory', …` becomes its
    /// `error message`, and `…: time = …, name = …, tent_flags = …` loses everything from `time`.
    static func tidy(_ message: String) -> String {
        var text = message
        if let start = text.firstRange(of: "error message = '"),
           let end = text[start.upperBound...].firstIndex(of: "'") {
            text = String(text[start.upperBound..<end])
        } else if let time = text.firstRange(of: ": time = ") {
            text = String(text[..<time.lowerBound])
        }
        let words = text.split(whereSeparator: { $0.isWhitespace })
        return words.joined(separator: " ")
    }
}
