import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open HDF5 file.
///
/// The file is closed by `close()` or, at the latest, when the `File` and every `Group` and
/// `Dataset` obtained from it are gone. An explicit `close()` closes the file at once (the file is
/// opened with `H5F_CLOSE_STRONG`): objects of it still held afterwards throw when used.
///
/// HDF5's automatic printing of error stacks is turned off before the first call; failures are
/// thrown as ``HDF5Error``.
public final class File: @unchecked Sendable {
    /// The path the file was created or opened with.
    public let path: String
    /// Whether the file was opened for writing.
    public let isWritable: Bool

    let identifier: Identifier
    private let rootIdentifier: Identifier

    private init(path: String, identifier: Identifier, writable: Bool) throws {
        self.path = path
        self.identifier = identifier
        self.isWritable = writable
        self.rootIdentifier = try Identifier(
            checking: H5Gopen2(identifier.raw, "/", chdf5_p_default()), kind: .group,
            "cannot open the root group of '\(path)'")
    }

    /// Creates a new file at `path`, truncating any existing file there. Every group (the root
    /// too) tracks the creation order of its links and attributes, as netCDF-4 requires.
    public static func create(_ path: String) throws -> File {
        HDF5Library.prepare()
        let operation = "cannot create file '\(path)'"
        let fapl = try PropertyLists.fileAccess()
        let fcpl = try PropertyLists.fileCreation()
        let id = try Identifier(
            checking: H5Fcreate(path, chdf5_acc_trunc(), fcpl.raw, fapl.raw), kind: .file, operation)
        return try File(path: path, identifier: id, writable: true)
    }

    /// Opens an existing file, read-only unless `writable`.
    ///
    /// HDF5 locks files it opens (`flock`): while one process has a file open for writing, other
    /// processes cannot open it at all, and vice versa. `fileLocking: false` skips the lock (as
    /// `HDF5_USE_FILE_LOCKING=FALSE` does), e.g. to peek at a file another process is writing;
    /// such a reader may then see a half-written state and fail.
    public static func open(_ path: String, writable: Bool = false, fileLocking: Bool = true) throws -> File {
        HDF5Library.prepare()
        let operation = "cannot open file '\(path)'"
        let fapl = try PropertyLists.fileAccess()
        if !fileLocking {
            try HDF5Library.check(H5Pset_file_locking(fapl.raw, false, true), operation)
        }
        let flags = writable ? chdf5_acc_rdwr() : chdf5_acc_rdonly()
        let id = try Identifier(checking: H5Fopen(path, flags, fapl.raw), kind: .file, operation)
        return try File(path: path, identifier: id, writable: writable)
    }

    /// Writes everything buffered for this file to the operating system (`H5Fflush`) and, when
    /// `toDisk` (the default), asks the operating system to put it on the storage device (`fsync`).
    ///
    /// After it returns, the file survives a `kill -9` of the process (and, with `toDisk`, a
    /// power loss) in the state of this call, as long as nothing is written afterwards.
    public func flush(toDisk: Bool = true) throws {
        HDF5Library.prepare()
        let operation = "cannot flush file '\(path)'"
        try HDF5Library.check(H5Fflush(identifier.raw, H5F_SCOPE_GLOBAL), operation)
        guard toDisk, isWritable else { return }
        var handle: UnsafeMutableRawPointer? = nil
        try HDF5Library.check(H5Fget_vfd_handle(identifier.raw, chdf5_p_default(), &handle), operation)
        guard let handle else { return }
        // The default (sec2) driver's handle is a pointer to the POSIX file descriptor.
        let descriptor = handle.load(as: Int32.self)
        if fsync(descriptor) != 0 {
            throw HDF5Error(operation: operation, messages: ["fsync failed: \(String(cString: strerror(errno)))"])
        }
    }

    /// Closes the file now, and with it every group and dataset of it still open.
    /// A second call does nothing.
    public func close() throws {
        let operation = "cannot close file '\(path)'"
        try rootIdentifier.close(operation)
        try identifier.close(operation)
    }

    /// The root group `/`.
    public var root: Group {
        Group(identifier: rootIdentifier, file: identifier, path: "/", filePath: path)
    }
}
