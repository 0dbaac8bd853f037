import Foundation
import Kernels

/// Calibrated kernel choices kept between runs, one JSON file per (CPU model and vector
/// flags, BLAS kernels, fsweep binary, register-tile path): a rebuilt binary, another CPU
/// or another `OPENBLAS_CORETYPE` calibrates again. Lives in `$XDG_CACHE_HOME/fsweep`
/// (default `~/.cache/fsweep`); `fsweep bench --calibrate` measures again and replaces it.
public struct KernelChoiceCache: Sendable {
    /// The folder holding the files; nil disables the cache.
    public var directory: URL?

    public init(directory: URL?) { self.directory = directory }

    public static var userDefault: KernelChoiceCache {
        let environment = ProcessInfo.processInfo.environment
        if environment["FSWEEP_KERNEL_CACHE"] == "off" { return KernelChoiceCache(directory: nil) }
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return KernelChoiceCache(directory: base.appendingPathComponent("fsweep"))
    }

    /// What a cached choice is valid for, written into the file too.
    static func identity(tiles: GEMMKernelPath) -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let attributes = try? FileManager.default.attributesOfItem(atPath: executable)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return [CPUDescription.current.kind, "blas \(BLASPeer.coreName) \(BLASPeer.configuration)",
                // The executable itself, not the checkout's HEAD: a commit that changes no code keeps the cache.
                "fsweep \(BuildInfo.version) \(executable) \(size) \(Int(modified))",
                "tiles \(tiles.rawValue)"].joined(separator: "\n")
    }

    func file(for identity: String) -> URL? {
        // FNV-1a: a short stable name; the file repeats the identity, which is compared.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in identity.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return directory?.appendingPathComponent("kernel-choice-\(String(hash, radix: 16)).json")
    }

    private struct Entry: Codable {
        var identity: String
        var choice: GEMMKernelChoice
    }

    /// The cached choice for this CPU and binary, if any (with its origin saying where it came from).
    public func load(tiles: GEMMKernelPath) -> GEMMKernelChoice? {
        let identity = Self.identity(tiles: tiles)
        guard let url = file(for: identity), let data = try? Data(contentsOf: url),
              let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.identity == identity,
              entry.choice.unavailablePaths.isEmpty else { return nil }
        var choice = entry.choice
        choice.origin += "; cached in \(url.path)"
        return choice
    }

    /// Keeps `choice`; a cache that cannot be written is skipped silently (the next run measures again).
    public func store(_ choice: GEMMKernelChoice, tiles: GEMMKernelPath) {
        let identity = Self.identity(tiles: tiles)
        guard let url = file(for: identity) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(Entry(identity: identity, choice: choice)) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: url, options: .atomic)
    }
}
