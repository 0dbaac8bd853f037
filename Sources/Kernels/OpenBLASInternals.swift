import Foundation

/// Functions OpenBLAS exports but does not declare in its headers, called by name.
/// Each may be missing from a given build (a single-target build has no
/// `gotoblas_dynamic_*`), so callers learn whether it ran.
enum OpenBLASInternals {
    /// Calls the exported `void name(void)`; false when this process has no such symbol.
    static func call(_ name: String) -> Bool {
        typealias Entry = @convention(c) () -> Void
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, name) else { return false }
        unsafeBitCast(symbol, to: Entry.self)()
        return true
    }
}
