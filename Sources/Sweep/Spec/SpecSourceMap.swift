/// Where each key of a TOML document is written, found by scanning the source text.
///
/// TOMLKit reports positions only for syntax errors, and its tables do not keep the
/// order keys were written in; this map supplies both. A key is named by its path
/// from the root: `["grid", "alpha"]`, `["grid", "n", "base"]`, and an element of an
/// array of tables carries its 0-based occurrence in its name: `["zip[1]", "n"]`
/// for `n` in the second `[[zip]]` table (see `element(_:_:)`). A key is recorded
/// at its first appearance; a table header (`[grid]`) records the table's path, and
/// a dotted key (`fixed.lambda = 1`) records every prefix (`fixed`, `fixed.lambda`).
///
/// The scan assumes the text already parsed as TOML. It never fails: where it meets
/// something it does not follow it stops, and later keys are simply not located.
struct SpecSourceMap: Sendable {
    /// A 1-based line and column (columns count Unicode scalars).
    struct Location: Equatable, Comparable, Sendable {
        let line: Int
        let column: Int
        static func < (a: Location, b: Location) -> Bool {
            (a.line, a.column) < (b.line, b.column)
        }
    }

    /// Every located path, in source order of first appearance.
    let entries: [(path: [String], location: Location)]
    private let index: [[String]: Location]

    init(text: String) {
        var scanner = Scanner(Array(text.unicodeScalars))
        scanner.document()
        entries = scanner.entries
        index = scanner.index
    }

    /// The path component of element `index` (0-based) of the array `name`: `zip[0]`.
    static func element(_ name: String, _ index: Int) -> String { "\(name)[\(index)]" }

    /// Where `path` is written, if the scan found it.
    func location(of path: [String]) -> Location? { index[path] }

    /// Where `path` is written, or else where its nearest located enclosing table is.
    func nearestLocation(of path: [String]) -> Location? {
        var path = path
        while !path.isEmpty {
            if let found = index[path] { return found }
            path.removeLast()
        }
        return nil
    }

    /// The names of the direct children of `prefix` in source order (first appearance).
    func children(of prefix: [String]) -> [String] {
        entries.compactMap { entry in
            entry.path.count == prefix.count + 1 && entry.path.starts(with: prefix) ? entry.path.last : nil
        }
    }
}

extension SpecSourceMap {
    /// A forgiving recursive scanner over TOML text that records key positions.
    private struct Scanner {
        let chars: [Unicode.Scalar]
        var i = 0
        var line = 1
        var lineStart = 0
        var entries: [(path: [String], location: Location)] = []
        var index: [[String]: Location] = [:]
        /// How many `[[name]]` headers have been seen, by the header's raw key.
        var arrayTables: [[String]: Int] = [:]

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < chars.count ? chars[i + k] : nil }

        var location: Location { Location(line: line, column: i - lineStart + 1) }

        mutating func advance() {
            guard i < chars.count else { return }
            if chars[i] == "\n" {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }

        mutating func record(_ path: [String], at location: Location) {
            for length in 1...max(1, path.count) where length <= path.count {
                let prefix = Array(path.prefix(length))
                if index[prefix] == nil {
                    index[prefix] = location
                    entries.append((prefix, location))
                }
            }
        }

        mutating func skipSpaces() {
            while let c = peek(), c == " " || c == "\t" || c == "\r" { advance() }
        }

        mutating func skipToEndOfLine() {
            while let c = peek(), c != "\n" { advance() }
        }

        /// Spaces, newlines and comments.
        mutating func skipBlank() {
            while let c = peek() {
                if c == " " || c == "\t" || c == "\r" || c == "\n" {
                    advance()
                } else if c == "#" {
                    skipToEndOfLine()
                } else {
                    return
                }
            }
        }

        mutating func document() {
            var table: [String] = []
            while true {
                skipBlank()
                guard let c = peek() else { return }
                let start = location
                if c == "[" {
                    let isArray = peek(1) == "["
                    advance()
                    if isArray { advance() }
                    guard let key = dottedKey() else { return }
                    skipSpaces()
                    guard peek() == "]" else { return }
                    advance()
                    if isArray {
                        guard peek() == "]" else { return }
                        advance()
                        arrayTables[key, default: 0] += 1
                    }
                    table = resolve(key)
                    record(table, at: start)
                } else {
                    guard keyValue(prefix: table) else { return }
                }
                skipToEndOfLine()
            }
        }

        /// A header key with every array-of-tables component replaced by its latest element.
        func resolve(_ key: [String]) -> [String] {
            key.indices.map { j in
                if let count = arrayTables[Array(key[0...j])] {
                    return SpecSourceMap.element(key[j], count - 1)
                }
                return key[j]
            }
        }

        mutating func keyValue(prefix: [String]) -> Bool {
            let start = location
            guard let key = dottedKey() else { return false }
            skipSpaces()
            guard peek() == "=" else { return false }
            advance()
            skipSpaces()
            let path = prefix + key
            record(path, at: start)
            return value(path)
        }

        mutating func value(_ path: [String]) -> Bool {
            guard let c = peek() else { return false }
            switch c {
            case "\"", "'":
                return string()
            case "[":
                advance()
                var position = 0
                while true {
                    skipBlank()
                    if peek() == "]" {
                        advance()
                        return true
                    }
                    var elementPath = path
                    if let last = elementPath.popLast() {
                        elementPath.append(SpecSourceMap.element(last, position))
                    }
                    if peek() == "{" { record(elementPath, at: location) }
                    guard value(elementPath) else { return false }
                    position += 1
                    skipBlank()
                    if peek() == "," {
                        advance()
                    } else if peek() == "]" {
                        advance()
                        return true
                    } else {
                        return false
                    }
                }
            case "{":
                advance()
                while true {
                    skipBlank()
                    if peek() == "}" {
                        advance()
                        return true
                    }
                    guard keyValue(prefix: path) else { return false }
                    skipBlank()
                    if peek() == "," {
                        advance()
                    } else if peek() == "}" {
                        advance()
                        return true
                    } else {
                        return false
                    }
                }
            default:
                let begin = i
                while let c = peek(), !" \t\r\n,]}#".unicodeScalars.contains(c) { advance() }
                return i > begin
            }
        }

        /// Skips a basic, literal or multi-line string starting at the quote.
        mutating func string() -> Bool {
            guard let quote = peek() else { return false }
            let escapes = quote == "\""
            if peek(1) == quote, peek(2) == quote {
                advance(); advance(); advance()
                while let c = peek() {
                    if escapes, c == "\\" {
                        advance(); advance()
                        continue
                    }
                    if c == quote, peek(1) == quote, peek(2) == quote {
                        advance(); advance(); advance()
                        while peek() == quote { advance() }
                        return true
                    }
                    advance()
                }
                return false
            }
            _ = quotedKey()
            return true
        }

        /// A single-line quoted string, decoded (the common escapes only).
        mutating func quotedKey() -> String? {
            guard let quote = peek() else { return nil }
            advance()
            var text = ""
            while let c = peek(), c != "\n" {
                advance()
                if c == quote { return text }
                if quote == "\"", c == "\\", let e = peek() {
                    advance()
                    switch e {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    case "r": text += "\r"
                    case "b": text += "\u{8}"
                    case "f": text += "\u{C}"
                    case "u", "U":
                        let width = e == "u" ? 4 : 8
                        var digits = ""
                        for _ in 0..<width {
                            guard let d = peek() else { break }
                            digits.unicodeScalars.append(d)
                            advance()
                        }
                        if let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) {
                            text.unicodeScalars.append(scalar)
                        }
                    default: text.unicodeScalars.append(e)
                    }
                    continue
                }
                text.unicodeScalars.append(c)
            }
            return nil
        }

        mutating func dottedKey() -> [String]? {
            var parts: [String] = []
            while true {
                skipSpaces()
                guard let c = peek() else { return nil }
                var part = ""
                if c == "\"" || c == "'" {
                    guard let quoted = quotedKey() else { return nil }
                    part = quoted
                } else {
                    while let c = peek(), Scanner.isBare(c) {
                        part.unicodeScalars.append(c)
                        advance()
                    }
                    if part.isEmpty { return nil }
                }
                parts.append(part)
                skipSpaces()
                if peek() == "." {
                    advance()
                    continue
                }
                return parts
            }
        }

        static func isBare(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
        }
    }
}
