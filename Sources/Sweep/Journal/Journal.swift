import Foundation

/// The append-only journal next to the output (`<out>.journal`): the durable record
/// of a sweep. A result is acknowledged only once its record is written and
/// `fsync`ed here; the HDF5 file is rebuilt from the journal.
///
/// Layout: the 8-byte magic `FSWEEPJ1`, then records framed as
/// `[u32 payload length][u32 CRC-32 of payload][payload]` (little-endian). A kill
/// in the middle of an append leaves a torn last record; `open` detects it by its
/// length or checksum and cuts the file back to the last whole record.
public final class Journal {
    public static let magic = Array("FSWEEPJ1".utf8)

    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The journal's path for an output file.
    public static func path(forOutput output: String) -> String { output + ".journal" }

    /// Creates a new, empty journal; fails if one exists.
    public static func create(path: String) throws -> Journal {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("create", path: path) }
        let journal = Journal(path: path, descriptor: fd)
        try journal.writeAll(magic)
        try journal.sync()
        try syncDirectory(of: path)
        return journal
    }

    /// Opens an existing journal for appending, after reading every whole record.
    /// A torn tail (from a kill during an append) is cut off.
    public static func open(path: String) throws -> (journal: Journal, contents: JournalContents) {
        let contents = try read(path: path)
        let fd = Foundation.open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open", path: path) }
        if contents.tornBytes > 0 {
            guard ftruncate(fd, off_t(contents.validLength)) == 0 else { throw SystemError("truncate", path: path) }
            guard fsync(fd) == 0 else { throw SystemError("sync", path: path) }
        }
        return (Journal(path: path, descriptor: fd), contents)
    }

    /// Reads every whole record of a journal without opening it for writing.
    public static func read(path: String) throws -> JournalContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SystemError("read", path: path, code: FileManager.default.fileExists(atPath: path) ? EACCES : ENOENT)
        }
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw JournalError(path: path, problem: "is not a FeatureSweep journal (bad header)")
        }
        var records = [JournalRecord]()
        var offset = magic.count
        while offset + 8 <= bytes.count {
            var header = ByteReader(bytes, offset: offset)
            let length = Int(try header.readUInt32())
            let checksum = try header.readUInt32()
            let start = offset + 8
            guard length <= bytes.count - start else { break }
            let payload = Array(bytes[start..<start + length])
            guard CRC32.checksum(payload) == checksum, let record = try? JournalRecord.decode(payload) else { break }
            records.append(record)
            offset = start + length
        }
        return JournalContents(records: records, validLength: offset, tornBytes: bytes.count - offset)
    }

    /// Appends records and makes them durable (one `fsync` for the group).
    public func append(_ records: [JournalRecord]) throws {
        guard !records.isEmpty else { return }
        var buffer = [UInt8]()
        for record in records {
            let payload = record.encoded
            var header = ByteWriter()
            header.write(UInt32(payload.count))
            header.write(CRC32.checksum(payload))
            buffer += header.bytes
            buffer += payload
        }
        try writeAll(buffer)
        try sync()
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: path)
            }
            written += n
        }
    }

    private func sync() throws {
        guard fsync(descriptor) == 0 else { throw SystemError("sync", path: path) }
    }

    /// Makes a new directory entry durable (after creating or renaming a file in it).
    static func syncDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = Foundation.open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fsync(fd)
    }
}

/// Everything a journal holds, in order.
public struct JournalContents: Sendable {
    public var records: [JournalRecord]
    /// Bytes up to the end of the last whole record.
    public var validLength: Int
    /// Bytes after it (a torn record), cut off on `Journal.open`.
    public var tornBytes: Int

    /// The spec records, oldest first.
    public var specs: [(hash: String, file: String, text: String)] {
        records.compactMap { if case .spec(let h, let f, let t) = $0 { return (h, f, t) } else { return nil } }
    }

    public var runs: [RunInfo] {
        records.compactMap { if case .runStarted(let info) = $0 { return info } else { return nil } }
    }

    public var results: [TaskResult] {
        records.compactMap { if case .result(let r) = $0 { return r } else { return nil } }
    }

    /// Per task key: the latest result, and how many attempts were recorded.
    public var latestResults: [TaskKey: (result: TaskResult, attempts: Int)] {
        var latest = [TaskKey: (result: TaskResult, attempts: Int)](minimumCapacity: records.count)
        for case .result(let result) in records {
            if let index = latest.index(forKey: result.key) {
                let previous = latest.values[index]
                latest.values[index] = (TaskResult.replaces(previous.result.status) ? result : previous.result, previous.attempts + 1)
            } else {
                latest[result.key] = (result, 1)
            }
        }
        return latest
    }
}

/// The journal exists but is not usable.
public struct JournalError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(path) \(problem)" }
}
