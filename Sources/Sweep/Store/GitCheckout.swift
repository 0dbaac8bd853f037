import Foundation

/// The commit a git checkout has at HEAD, read from its files: `.git/HEAD`, then the
/// ref it names (a loose ref file or `packed-refs`), following a worktree's `gitdir:`
/// and `commondir` links. The same answer as `git rev-parse HEAD`, without starting
/// git: every rank of a sweep asks at start-up, and a fork took 15–45 ms of it.
struct GitCheckout {
    /// The repository's own directory (`.git`, or a worktree's directory inside it).
    let gitDirectory: URL
    /// Where refs and `packed-refs` live (the main `.git` for a worktree).
    let commonDirectory: URL

    /// The checkout that contains `directory` (it or the nearest parent with `.git`).
    init?(containing directory: URL) {
        var current = directory.standardizedFileURL
        while true {
            let dotGit = current.appendingPathComponent(".git")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    gitDirectory = dotGit
                } else {
                    // A worktree or submodule: ".git" is a file "gitdir: <path>".
                    guard let text = GitCheckout.firstLine(of: dotGit), text.hasPrefix("gitdir: ") else { return nil }
                    gitDirectory = URL(fileURLWithPath: String(text.dropFirst(8)), relativeTo: current).standardizedFileURL
                }
                if let common = GitCheckout.firstLine(of: gitDirectory.appendingPathComponent("commondir")) {
                    commonDirectory = URL(fileURLWithPath: common, relativeTo: gitDirectory.appendingPathComponent("")).standardizedFileURL
                } else {
                    commonDirectory = gitDirectory
                }
                return
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// The full hexadecimal commit id at HEAD, or nil if it cannot be resolved.
    var headCommit: String? {
        guard var reference = GitCheckout.firstLine(of: gitDirectory.appendingPathComponent("HEAD")) else { return nil }
        for _ in 0..<8 {   // symbolic refs may chain; git allows a few levels
            guard reference.hasPrefix("ref: ") else { return GitCheckout.isCommitId(reference) ? reference : nil }
            let name = String(reference.dropFirst(5))
            if let loose = GitCheckout.firstLine(of: gitDirectory.appendingPathComponent(name))
                ?? GitCheckout.firstLine(of: commonDirectory.appendingPathComponent(name)) {
                reference = loose
            } else {
                return packedReference(name)
            }
        }
        return nil
    }

    /// The id of `name` in `packed-refs` (lines "<id> <name>").
    private func packedReference(_ name: String) -> String? {
        guard let text = try? String(contentsOf: commonDirectory.appendingPathComponent("packed-refs"), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2, fields[1] == name, GitCheckout.isCommitId(String(fields[0])) { return String(fields[0]) }
        }
        return nil
    }

    private static func firstLine(of file: URL) -> String? {
        guard let text = try? String(contentsOf: file, encoding: .utf8),
              let line = text.split(separator: "\n", omittingEmptySubsequences: false).first else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func isCommitId(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}
