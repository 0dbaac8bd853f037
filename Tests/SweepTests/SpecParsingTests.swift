import XCTest
import Trainer
@testable import Sweep

/// Spec texts and helpers shared by the spec, plan and key tests.
enum SpecFixture {
    /// Every giant-step parameter without a default, fixed (lines 3–9).
    static let header = """
        protocol = "giant-step"
        root_seed = 7

        """

    /// `header` plus a `[fixed]` table with every required parameter except those in `omit`.
    static func minimal(omit: Set<String> = [], extra: String = "") -> String {
        let required: [(String, String)] = [
            ("n", "64"), ("n_readout", "64"), ("n_test", "32"), ("d", "32"), ("N", "64"), ("alpha", "0.1"),
        ]
        let lines = required.filter { !omit.contains($0.0) }.map { "\($0.0) = \($0.1)" }
        return header + "[fixed]\n" + lines.joined(separator: "\n") + "\n" + extra
    }

    static func spec(_ text: String, file: String = "test.toml") throws -> SweepSpec {
        try SweepSpec.parse(text: text, file: file)
    }

    static func plan(_ text: String, file: String = "test.toml") throws -> SweepPlan {
        try SweepPlan(spec: spec(text, file: file))
    }

    /// The `SpecError` that parsing (and, with `plan`, planning) `text` throws.
    static func error(_ text: String, file: String = "jobs/x.toml", plan: Bool = true,
                      _ location: StaticString = #filePath, line: UInt = #line) -> SpecError? {
        do {
            let parsed = try SweepSpec.parse(text: text, file: file)
            if plan { _ = try SweepPlan(spec: parsed) }
            XCTFail("expected a SpecError", file: location, line: line)
        } catch let error as SpecError {
            return error
        } catch {
            XCTFail("expected a SpecError, got \(error)", file: location, line: line)
        }
        return nil
    }
}

final class SpecParsingTests: XCTestCase {
    func testHeaderFields() throws {
        let text = """
            protocol = "giant-step"
            root_seed = 20231011
            repeats = 3
            description = "spikes vs alpha"
            [fixed]
            n = 64
            n_readout = 64
            n_test = 32
            d = 32
            N = 64
            alpha = 0.1
            """
        let spec = try SpecFixture.spec(text, file: "jobs/a.toml")
        XCTAssertEqual(spec.file, "jobs/a.toml")
        XCTAssertEqual(spec.text, text)
        XCTAssertEqual(spec.protocolName, "giant-step")
        XCTAssertEqual(spec.rootSeed, 20231011)
        XCTAssertEqual(spec.repeats, 3)
        XCTAssertEqual(spec.description, "spikes vs alpha")
        XCTAssertEqual(spec.textHash.count, 64)
        XCTAssertEqual(spec.textHash, SweepSpec.hash(text))
    }

    func testTextHashIsSHA256() {
        // sha256sum of the 24 bytes `protocol = "giant-step"\n`.
        XCTAssertEqual(SweepSpec.hash("protocol = \"giant-step\"\n"),
                       "85a98fd4f03d97812a2c897d0e769e0118dec1698f577291f67cf2a92c6539d4")
    }

    func testDefaultsRepeatsOneNoDescription() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal())
        XCTAssertEqual(spec.repeats, 1)
        XCTAssertNil(spec.description)
        XCTAssertEqual(spec.rootSeed, 7)
    }

    func testFixedValuesAreNormalisedAndDefaultsFilled() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(extra: "c = 2\nactivation = \"tanh\"\nlambda = 1e-2\n"))
        let constants = spec.content.constants
        XCTAssertEqual(constants["c"], .real(2))          // integer spelling of a real parameter
        XCTAssertEqual(constants["activation"], .text("tanh"))
        XCTAssertEqual(constants["lambda"], .real(0.01))
        XCTAssertEqual(constants["n"], .integer(64))
        XCTAssertEqual(constants["top_k"], GiantStep().parameter(named: "top_k")?.defaultValue)  // default
        XCTAssertEqual(constants["precision"], GiantStep().parameter(named: "precision")?.defaultValue)
        XCTAssertEqual(constants["target"], GiantStep().parameter(named: "target")?.defaultValue)
        XCTAssertEqual(constants.count, GiantStep().parameters.count)
    }

    /// Switches take TOML booleans, in [fixed] and on axes; other parameters still refuse them.
    func testBooleansSetSwitches() throws {
        let fixed = try SpecFixture.spec(SpecFixture.minimal(extra: "full_spectrum = true\n"))
        XCTAssertEqual(fixed.content.constants["full_spectrum"], .text("true"))
        let plan = try SpecFixture.plan(SpecFixture.minimal(extra: "[grid]\nfull_spectrum = [false, true]\n"))
        XCTAssertEqual(plan.tasks.map { $0.parameters.values["full_spectrum"] }, [.text("false"), .text("true")])
        XCTAssertEqual(SpecFixture.error(SpecFixture.minimal(extra: "lambda = true\n"))?.description,
                       "jobs/x.toml:10: error: fixed.lambda: found a boolean; parameter values are numbers or strings")
    }

    func testIntegralFloatForIntegerParameterIsAccepted() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(omit: ["n"], extra: "n = 128.0\n"))
        XCTAssertEqual(spec.content.constants["n"], .integer(128))
    }

    func testExplicitListAxis() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(omit: ["alpha"], extra: "[grid]\nalpha = [0.0, 0.1, 0.25]\nactivation = [\"relu\", \"tanh\"]\n"))
        let axes = spec.content.axes.map(\.axis)
        XCTAssertEqual(axes.map(\.name), ["alpha", "activation"])
        XCTAssertEqual(axes[0].values, [[.real(0)], [.real(0.1)], [.real(0.25)]])
        XCTAssertEqual(axes[1].values, [[.text("relu")], [.text("tanh")]])
    }

    func testLinspaceMatchesNumpy() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(extra: "[grid]\nc = { linspace = [0.0, 2.0, 5] }\n"))
        XCTAssertEqual(spec.content.axes[0].axis.values.map { $0[0] }, [0, 0.5, 1, 1.5, 2].map { .real($0) })
        // numpy.linspace(0, 1, 4)
        XCTAssertEqual(SpecAxisGenerator.linspace(0, 1, 4), [0, 1.0 / 3, 2.0 / 3, 1])
        XCTAssertEqual(SpecAxisGenerator.linspace(3, 7, 1), [3])
        XCTAssertEqual(SpecAxisGenerator.linspace(0.1, 0.7, 7).last, 0.7)  // endpoint exact
    }

    func testLogspaceBaseTwoGivesIntegers() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(omit: ["n"], extra: "[grid]\nn = { logspace = [9, 11, 3], base = 2 }\n"))
        XCTAssertEqual(spec.content.axes[0].axis.values, [[.integer(512)], [.integer(1024)], [.integer(2048)]])
    }

    func testLogspaceDefaultBaseTen() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(extra: "[grid]\nlambda = { logspace = [-3, -1, 3] }\n"))
        let values = spec.content.axes[0].axis.values.map { $0[0].asDouble! }
        XCTAssertEqual(values.count, 3)
        for (value, expected) in zip(values, [1e-3, 1e-2, 1e-1]) {
            XCTAssertEqual(value, expected, accuracy: 1e-15)
        }
        // Integer parameters: powers of ten land on integers.
        let n = try SpecFixture.spec(SpecFixture.minimal(omit: ["n"], extra: "[grid]\nn = { logspace = [1, 3, 3] }\n"))
        XCTAssertEqual(n.content.axes[0].axis.values, [[.integer(10)], [.integer(100)], [.integer(1000)]])
    }

    func testIntegerRangeExcludesStop() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(omit: ["N"], extra: "[grid]\nN = { range = [512, 2049, 512] }\n"))
        XCTAssertEqual(spec.content.axes[0].axis.values, [512, 1024, 1536, 2048].map { [.integer($0)] })
        let exact = try SpecFixture.spec(SpecFixture.minimal(omit: ["N"], extra: "[grid]\nN = { range = [512, 2048, 512] }\n"))
        XCTAssertEqual(exact.content.axes[0].axis.values, [512, 1024, 1536].map { [.integer($0)] })
    }

    func testRealRangeAndDefaultStep() throws {
        // numpy.arange(0.0, 0.3, 0.1) → [0.0, 0.1, 0.2]
        let spec = try SpecFixture.spec(SpecFixture.minimal(omit: ["alpha"], extra: "[grid]\nalpha = { range = [0.0, 0.3, 0.1] }\n"))
        XCTAssertEqual(spec.content.axes[0].axis.values, [[.real(0)], [.real(0.1)], [.real(0.2)]])
        // numpy.arange(1, 4) → [1, 2, 3]
        let ints = try SpecFixture.spec(SpecFixture.minimal(extra: "[grid]\ntop_k = { range = [1, 4] }\n"))
        XCTAssertEqual(ints.content.axes[0].axis.values, [[.integer(1)], [.integer(2)], [.integer(3)]])
        // Negative step: numpy.arange(10, 1, -4) → [10, 6, 2]
        XCTAssertEqual(SpecAxisGenerator.range(start: .integer(10), stop: .integer(1), step: .integer(-4)).values,
                       [.integer(10), .integer(6), .integer(2)])
        XCTAssertEqual(SpecAxisGenerator.range(start: .integer(0), stop: .integer(10), step: .integer(-1)).count, 0)
        // Spans beyond Int report "too many" instead of trapping.
        XCTAssertEqual(SpecAxisGenerator.range(start: .integer(0), stop: .integer(Int.min), step: .integer(-1)).count, Int.max)
        XCTAssertEqual(SpecAxisGenerator.range(start: .integer(Int.min), stop: .integer(Int.max), step: .integer(1)).count, Int.max)
    }

    func testGeneratorWrittenAsSubTable() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal(omit: ["n"], extra: "[grid.n]\nlogspace = [9, 10, 2]\nbase = 2\n"))
        XCTAssertEqual(spec.content.axes[0].axis.values, [[.integer(512)], [.integer(1024)]])
    }

    func testZipGroupIsOneAxis() throws {
        let text = SpecFixture.minimal(omit: ["n", "n_readout"], extra: """
            [[zip]]
            n = [512, 1024]
            n_readout = [1024, 2048]
            """)
        let axes = try SpecFixture.spec(text).content.axes.map(\.axis)
        XCTAssertEqual(axes.count, 1)
        XCTAssertEqual(axes[0].name, "n")
        XCTAssertEqual(axes[0].parameters, ["n", "n_readout"])
        XCTAssertEqual(axes[0].values, [[.integer(512), .integer(1024)], [.integer(1024), .integer(2048)]])
    }

    func testZipKeepsSourceOrderOfItsKeys() throws {
        let text = SpecFixture.minimal(omit: ["n", "n_readout"], extra: """
            [[zip]]
            n_readout = [1024, 2048]
            n = [512, 1024]
            """)
        let axis = try SpecFixture.spec(text).content.axes[0].axis
        XCTAssertEqual(axis.name, "n_readout")
        XCTAssertEqual(axis.parameters, ["n_readout", "n"])
        XCTAssertEqual(axis.values[1], [.integer(2048), .integer(1024)])
    }

    func testZipMayUseGenerators() throws {
        let text = SpecFixture.minimal(omit: ["n", "d"], extra: """
            [[zip]]
            n = { logspace = [9, 10, 2], base = 2 }
            d = [100, 200]
            """)
        let axis = try SpecFixture.spec(text).content.axes[0].axis
        XCTAssertEqual(axis.values, [[.integer(512), .integer(100)], [.integer(1024), .integer(200)]])
    }

    func testAxesInSourceOrderWithZipAtItsTablePosition() throws {
        let text = """
            protocol = "giant-step"
            root_seed = 1
            [[zip]]
            n = [64, 128]
            n_readout = [64, 128]
            [grid]
            c = [0.5, 1.0]
            alpha = [0.0, 0.2]
            [fixed]
            n_test = 16
            d = 16
            N = 16
            [[zip]]
            top_k = [2, 3, 4]
            lambda = [0.1, 0.2, 0.3]
            """
        let axes = try SpecFixture.spec(text).content.axes.map(\.axis)
        XCTAssertEqual(axes.map(\.name), ["n", "c", "alpha", "top_k"])
        XCTAssertEqual(axes.map(\.parameters), [["n", "n_readout"], ["c"], ["alpha"], ["top_k", "lambda"]])
    }

    func testGridKeysKeepSourceOrderNotAlphabetical() throws {
        let text = SpecFixture.minimal(omit: ["n", "alpha", "N"], extra: "[grid]\nn = [64, 128]\nalpha = [0.0, 0.1]\nN = [64]\n")
        XCTAssertEqual(try SpecFixture.spec(text).content.axes.map(\.axis.name), ["n", "alpha", "N"])
    }

    func testDerivedChainInDependencyOrder() throws {
        let text = SpecFixture.header + """
            [fixed]
            alpha = 0.1
            n_test = 32
            [grid]
            n = [64, 128]
            [derived]
            n_readout = "N / 2 + n_test"
            N = "2 * d"
            d = "n"
            """
        let spec = try SpecFixture.spec(text)
        XCTAssertEqual(spec.content.derived.map(\.name), ["d", "N", "n_readout"])
        XCTAssertEqual(spec.content.derived[2].source, "N / 2 + n_test")
    }

    func testNoGridIsOneGridPoint() throws {
        let spec = try SpecFixture.spec(SpecFixture.minimal())
        XCTAssertTrue(spec.content.axes.isEmpty)
    }

    func testDottedAndInlineSectionsAreAccepted() throws {
        let text = """
            protocol = "giant-step"
            root_seed = 3
            fixed = { n = 64, n_readout = 64, n_test = 32, d = 32, N = 64 }
            grid.alpha = [0.0, 0.1]
            """
        let spec = try SpecFixture.spec(text)
        XCTAssertEqual(spec.content.axes.map(\.axis.name), ["alpha"])
        XCTAssertEqual(spec.content.assignments["alpha"]?.line, 4)
        XCTAssertEqual(spec.content.assignments["n"]?.line, 3)
    }

    func testAssignmentLines() throws {
        let text = SpecFixture.minimal(omit: ["alpha", "d"], extra: "[grid]\nalpha = [0.1]\n[derived]\nd = \"n\"\n")
        let assignments = try SpecFixture.spec(text).content.assignments
        XCTAssertEqual(assignments["n"], SpecAssignment(name: "n", origin: .fixed, line: 4))
        XCTAssertEqual(assignments["alpha"], SpecAssignment(name: "alpha", origin: .grid, line: 9))
        XCTAssertEqual(assignments["d"], SpecAssignment(name: "d", origin: .derived, line: 11))
        XCTAssertNil(assignments["lambda"])
    }

    func testLoadReadsFile() throws {
        let path = NSTemporaryDirectory() + "featuresweep-spec-\(UUID().uuidString).toml"
        try SpecFixture.minimal().write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spec = try SweepSpec.load(path: path)
        XCTAssertEqual(spec.file, path)
        XCTAssertEqual(spec.text, SpecFixture.minimal())
    }

    // MARK: Expressions

    func testExpressionPrecedenceAndFunctions() throws {
        func value(_ text: String, _ env: [String: Double] = ["n": 1024, "d": 3]) throws -> Double {
            try SpecExpression.parse(text).evaluate { env[$0]! }
        }
        XCTAssertEqual(try value("2 * n"), 2048)
        XCTAssertEqual(try value("1 + 2 * 3"), 7)
        XCTAssertEqual(try value("(1 + 2) * 3"), 9)
        XCTAssertEqual(try value("n / 2 - 1"), 511)
        XCTAssertEqual(try value("8 / 2 / 2"), 2)          // left-associative
        XCTAssertEqual(try value("2 ^ 3 ^ 2"), 512)        // right-associative
        XCTAssertEqual(try value("2 ** 10"), 1024)
        XCTAssertEqual(try value("-2 ^ 2"), -4)
        XCTAssertEqual(try value("2 ^ -1"), 0.5)
        XCTAssertEqual(try value("--d"), 3)
        XCTAssertEqual(try value("floor(n / 3)"), 341)
        XCTAssertEqual(try value("ceil(n / 3)"), 342)
        XCTAssertEqual(try value("round(2.5)"), 3)
        XCTAssertEqual(try value("round(-2.5)"), -3)
        XCTAssertEqual(try value("sqrt(n)"), 32)
        XCTAssertEqual(try value("log2(n)"), 10)
        XCTAssertEqual(try value("min(n, d, 7)"), 3)
        XCTAssertEqual(try value("max(n, 2 * n)"), 2048)
        XCTAssertEqual(try value("1.5e3 + .5"), 1500.5)
        XCTAssertEqual(try SpecExpression.parse("max(d, n) * d + n").parameterNames, ["d", "n"])
    }

    func testExpressionSyntaxErrors() {
        func problem(_ text: String) -> SpecExpression.SyntaxError? {
            do {
                _ = try SpecExpression.parse(text)
                return nil
            } catch {
                return error as? SpecExpression.SyntaxError
            }
        }
        XCTAssertEqual(problem("2 * * n"), .init(message: "expected a number, a parameter or `(`, found `*`", position: 5))
        XCTAssertEqual(problem("(n + 1"), .init(message: "expected `)` at the end", position: 7))
        XCTAssertEqual(problem("n 2"), .init(message: "unexpected `2`", position: 3))
        XCTAssertEqual(problem("n % 2")?.message, "unexpected character `%`")
        XCTAssertEqual(problem("sqrt(n, 2)")?.message, "`sqrt` takes 1 argument, got 2")
        XCTAssertEqual(problem("max(n)")?.message, "`max` takes at least 2 arguments, got 1")
        XCTAssertEqual(problem("flor(n)")?.message.hasPrefix("unknown function `flor`; did you mean `floor`?"), true)
        XCTAssertEqual(problem("")?.message, "expected a number, a parameter or `(` at the end")
    }

    // MARK: Source map

    func testSourceMapLocatesKeysAndTables() {
        let text = """
            # comment [grid]
            protocol = "giant-step"   # trailing
            description = \"\"\"
            [grid]
            alpha = 1
            \"\"\"
            [fixed]
              lambda = 1e-3
            "quoted key" = 'x'
            [grid]
            alpha = [
              0.1,  # [fixed]
              [1, 2],
            ]
            n = { logspace = [9, 11, 3], base = 2 }
            [[zip]]
            n = [1]
            [[zip]]
            d = [1]
            fixed.more = 1
            """
        let map = SpecSourceMap(text: text)
        XCTAssertEqual(map.location(of: ["protocol"]), .init(line: 2, column: 1))
        XCTAssertEqual(map.location(of: ["description"])?.line, 3)
        XCTAssertEqual(map.location(of: ["fixed"])?.line, 7)
        XCTAssertEqual(map.location(of: ["fixed", "lambda"]), .init(line: 8, column: 3))
        XCTAssertEqual(map.location(of: ["fixed", "quoted key"])?.line, 9)
        XCTAssertEqual(map.location(of: ["grid"])?.line, 10)
        XCTAssertEqual(map.location(of: ["grid", "alpha"])?.line, 11)
        XCTAssertEqual(map.location(of: ["grid", "n"])?.line, 15)
        XCTAssertEqual(map.location(of: ["grid", "n", "base"]), .init(line: 15, column: 30))
        XCTAssertEqual(map.location(of: ["zip[0]"])?.line, 16)
        XCTAssertEqual(map.location(of: ["zip[0]", "n"])?.line, 17)
        XCTAssertEqual(map.location(of: ["zip[1]", "d"])?.line, 19)
        XCTAssertEqual(map.location(of: ["zip[1]", "fixed", "more"])?.line, 20)
        XCTAssertNil(map.location(of: ["grid", "nope"]))
        XCTAssertEqual(map.nearestLocation(of: ["grid", "n", "nope"])?.line, 15)
        XCTAssertEqual(map.children(of: ["grid"]), ["alpha", "n"])
        XCTAssertEqual(map.children(of: []), ["protocol", "description", "fixed", "grid", "zip[0]", "zip[1]"])
    }

    func testSourceMapInlineArrayOfTables() {
        let map = SpecSourceMap(text: "a = 1\nzip = [\n  { n = [1], d = [2] },\n  { N = [3] },\n]\n")
        XCTAssertEqual(map.location(of: ["zip[0]", "d"])?.line, 3)
        XCTAssertEqual(map.location(of: ["zip[1]", "N"])?.line, 4)
    }

    func testInlineArrayOfZipTablesParses() throws {
        let text = SpecFixture.minimal(omit: ["n", "d"], extra: "zip = [\n  { n = [64, 128], d = [16, 32] },\n]\n")
        // `zip = [...]` after [fixed] belongs to [fixed]: an unknown parameter there.
        XCTAssertEqual(SpecFixture.error(text)?.key, "fixed.zip")
        let top = SpecFixture.header + "zip = [\n  { n = [64, 128], d = [16, 32] },\n]\n[fixed]\nn_readout = 64\nn_test = 32\nN = 64\nalpha = 0.1\n"
        let axis = try SpecFixture.spec(top).content.axes[0]
        XCTAssertEqual(axis.axis.parameters, ["n", "d"])
        XCTAssertEqual(axis.assignments.map(\.line), [4, 4])
    }
}
