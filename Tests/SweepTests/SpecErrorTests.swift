import XCTest
import Trainer
@testable import Sweep

final class SpecErrorTests: XCTestCase {
    /// `SpecFixture.minimal()` is: 1 protocol, 2 root_seed, 3 [fixed], 4 n, 5 n_readout,
    /// 6 n_test, 7 d, 8 N, 9 alpha; `extra` starts on line 10.
    private func minimal(omit: Set<String> = [], _ extra: String = "") -> String {
        SpecFixture.minimal(omit: omit, extra: extra)
    }

    private func description(_ text: String, plan: Bool = true, line: UInt = #line) -> String? {
        SpecFixture.error(text, plan: plan, line: line)?.description
    }

    // MARK: Format

    func testDescriptionFormat() {
        XCTAssertEqual(SpecError(file: "a.toml", line: 7, column: 3, key: "grid.alpha", message: "bad").description,
                       "a.toml:7:3: error: grid.alpha: bad")
        XCTAssertEqual(SpecError(file: "a.toml", line: 7, key: "grid.alpha", message: "bad").description,
                       "a.toml:7: error: grid.alpha: bad")
        XCTAssertEqual(SpecError(file: "a.toml", message: "bad").description, "a.toml: error: bad")
        XCTAssertEqual(SpecError(file: "a.toml", column: 4, message: "bad").description, "a.toml: error: bad")
        XCTAssertEqual(SpecError(file: "a.toml", line: 2, message: "two\nlines").description, "a.toml:2: error: two lines")
    }

    func testAlphaOutOfRangeOneLineMessage() {
        let text = """
            protocol = "giant-step"
            root_seed = 1
            [fixed]
            n = 64
            n_readout = 64
            [grid]
            alpha = [0.0, 0.25, 0.6]
            [derived]
            d = "n"
            N = "n"
            n_test = "n / 2"
            """
        let error = SpecFixture.error(text)
        XCTAssertEqual(error?.description, "jobs/x.toml:7: error: grid.alpha: value 0.6 out of range: must be in [0, 0.5)")
        XCTAssertEqual(error?.file, "jobs/x.toml")
        XCTAssertEqual(error?.line, 7)
        XCTAssertNil(error?.column)
        XCTAssertEqual(error?.key, "grid.alpha")
        XCTAssertEqual(error?.message, "value 0.6 out of range: must be in [0, 0.5)")
    }

    func testFixedOutOfRange() {
        XCTAssertEqual(description(minimal(omit: ["alpha"], "alpha = 0.6\n")),
                       "jobs/x.toml:9: error: fixed.alpha: value 0.6 out of range: must be in [0, 0.5)")
        XCTAssertEqual(description(minimal("top_k = 65\n")),
                       "jobs/x.toml:10: error: fixed.top_k: value 65 out of range: must be in [1, 64]")
        XCTAssertEqual(description(minimal("activation = \"gelu\"\n")),
                       "jobs/x.toml:10: error: fixed.activation: value \"gelu\" out of range: must be one of \"crelu\", \"relu\", \"tanh\", \"softplus\", \"hermite3\"")
    }

    func testEveryGeneratedValueIsChecked() {
        // linspace [0, 0.5, 3] → 0, 0.25, 0.5: only the last is out of range.
        XCTAssertEqual(description(minimal(omit: ["alpha"], "[grid]\nalpha = { linspace = [0.0, 0.5, 3] }\n")),
                       "jobs/x.toml:10: error: grid.alpha: value 0.5 out of range: must be in [0, 0.5)")
        XCTAssertEqual(description(minimal(omit: ["n"], "[grid]\nn = { range = [-64, 65, 64] }\n")),
                       "jobs/x.toml:10: error: grid.n: value -64 out of range: must be in [1, ∞)")
    }

    func testTOMLSyntaxErrorUsesTOMLKitPosition() {
        let error = SpecFixture.error("protocol = \"giant-step\"\nroot_seed = 1\n[fixed\nn = 1\n")
        XCTAssertEqual(error?.line, 3)
        XCTAssertNotNil(error?.column)
        XCTAssertNil(error?.key)
        XCTAssertEqual(error?.description.hasPrefix("jobs/x.toml:3:\(error?.column ?? -1): error: invalid TOML: "), true)
        let duplicate = SpecFixture.error("protocol = \"giant-step\"\nroot_seed = 1\nroot_seed = 2\n")
        XCTAssertEqual(duplicate?.line, 3)
        XCTAssertEqual(duplicate?.message.hasPrefix("invalid TOML"), true)
    }

    // MARK: Unknown keys

    func testUnknownTopLevelKeySuggestsNearest() {
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_sed = 7\n"),
                       "jobs/x.toml:2: error: root_sed: unknown key `root_sed`; did you mean `root_seed`?")
        XCTAssertEqual(description(minimal() + "[gird]\nalpha = [0.1]\n"),
                       "jobs/x.toml:10: error: gird: unknown key `gird`; did you mean `grid`?")
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_seed = 7\nrepeat = 3\n"),
                       "jobs/x.toml:3: error: repeat: unknown key `repeat`; did you mean `repeats`?")
    }

    func testParameterAtTopLevel() {
        XCTAssertEqual(description("protocol = \"giant-step\"\nalpha = 0.1\nroot_seed = 7\n"),
                       "jobs/x.toml:2: error: alpha: `alpha` is a parameter: set it in [fixed], [grid], [[zip]] or [derived], not at the top level (before any [table] header)")
    }

    func testUnknownParameterInEachSection() {
        XCTAssertEqual(description(minimal("lamda = 1e-3\n")),
                       "jobs/x.toml:10: error: fixed.lamda: unknown parameter `lamda` of giant-step; did you mean `lambda`?")
        XCTAssertEqual(description(minimal(omit: ["alpha"], "[grid]\nalpah = [0.1]\n")),
                       "jobs/x.toml:10: error: grid.alpah: unknown parameter `alpah` of giant-step; did you mean `alpha`?")
        XCTAssertEqual(description(minimal(omit: ["n_readout"], "[[zip]]\nn_readot = [64]\n")),
                       "jobs/x.toml:10: error: zip.n_readot: unknown parameter `n_readot` of giant-step; did you mean `n_readout`?")
        XCTAssertEqual(description(minimal(omit: ["d"], "[derived]\ndd = \"n\"\n")),
                       "jobs/x.toml:10: error: derived.dd: unknown parameter `dd` of giant-step; did you mean `d`?")
        XCTAssertEqual(description(minimal("Activation = \"relu\"\n")),
                       "jobs/x.toml:10: error: fixed.Activation: unknown parameter `Activation` of giant-step; did you mean `activation`?")
    }

    func testUnknownNameInExpression() {
        XCTAssertEqual(description(minimal(omit: ["d"], "[derived]\nd = \"2 * nn\"\n")),
                       "jobs/x.toml:10: error: derived.d: \"2 * nn\" uses `nn`, which is not a parameter of giant-step; did you mean `n`?")
        XCTAssertEqual(description(minimal(omit: ["d"], "[derived]\nd = \"N_readout\"\n")),
                       "jobs/x.toml:10: error: derived.d: \"N_readout\" uses `N_readout`, which is not a parameter of giant-step; did you mean `n_readout`?")
    }

    func testUnknownGeneratorKey() {
        XCTAssertEqual(description(minimal("[grid]\nc = { linspce = [0.0, 1.0, 3] }\n")),
                       "jobs/x.toml:11: error: grid.c.linspce: unknown key `linspce` in an axis generator; did you mean `linspace`? (generators: linspace, logspace, range)")
        XCTAssertEqual(description(minimal(omit: ["n"], "[grid]\nn = { logspace = [9, 10, 2], bas = 2 }\n")),
                       "jobs/x.toml:10: error: grid.n.bas: unknown key `bas` in an axis generator; did you mean `base`? (generators: linspace, logspace, range)")
    }

    /// The registered protocols as the messages list them.
    private var known: String { ProtocolRegistry.names.map { "\"\($0)\"" }.joined(separator: ", ") }

    func testUnknownProtocol() {
        XCTAssertEqual(description("protocol = \"giant-stp\"\nroot_seed = 1\n"),
                       "jobs/x.toml:1: error: protocol: unknown protocol \"giant-stp\"; did you mean `giant-step`? (known: \(known))")
    }

    // MARK: Top-level fields

    func testTopLevelFieldProblems() {
        XCTAssertEqual(description("root_seed = 1\n"),
                       "jobs/x.toml: error: protocol: missing: add `protocol = \"…\"` at the top, one of \(known)")
        XCTAssertEqual(description("protocol = 3\n"),
                       "jobs/x.toml:1: error: protocol: must be a string, one of \(known); found an integer")
        XCTAssertEqual(description("protocol = \"giant-step\"\n"),
                       "jobs/x.toml: error: root_seed: missing: add `root_seed = <integer ≥ 0>` at the top; every random stream derives from it")
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_seed = -1\n"),
                       "jobs/x.toml:2: error: root_seed: must be an integer ≥ 0; found -1")
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_seed = 1.5\n"),
                       "jobs/x.toml:2: error: root_seed: must be an integer ≥ 0; found a floating-point number")
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_seed = 1\nrepeats = 0\n"),
                       "jobs/x.toml:3: error: repeats: must be an integer ≥ 1; found 0")
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_seed = 1\nrepeats = \"2\"\n"),
                       "jobs/x.toml:3: error: repeats: must be an integer ≥ 1; found a string")
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_seed = 1\ndescription = 5\n"),
                       "jobs/x.toml:3: error: description: must be a string; found an integer")
        XCTAssertEqual(description("protocol = \"giant-step\"\nroot_seed = 1\nfixed = 5\n"),
                       "jobs/x.toml:3: error: fixed: must be a table: write [fixed] on its own line, then `key = value` lines; found an integer")
        XCTAssertEqual(SpecFixture.error(minimal(omit: ["n"], "[zip]\nn = [64]\n"))?.message,
                       "write zipped parameters as one or more [[zip]] tables (double brackets), each listing parameters of equal length; found a table")
    }

    func testLoadUnreadableFileNamesPath() {
        let path = "/nonexistent/featuresweep/spec.toml"
        XCTAssertThrowsError(try SweepSpec.load(path: path)) { error in
            let specError = error as? SpecError
            XCTAssertEqual(specError?.file, path)
            XCTAssertNil(specError?.line)
            XCTAssertEqual(specError?.message.hasPrefix("cannot read the spec"), true)
            XCTAssertEqual(specError?.description.hasPrefix("\(path): error: cannot read the spec"), true)
        }
    }

    // MARK: Wrong types

    func testWrongTypesInFixed() {
        XCTAssertEqual(description(minimal(omit: ["n"], "n = \"64\"\n")),
                       "jobs/x.toml:9: error: fixed.n: value \"64\" has the wrong type: must be an integer, not a string")
        XCTAssertEqual(description(minimal(omit: ["n"], "n = 64.5\n")),
                       "jobs/x.toml:9: error: fixed.n: value 64.5 has the wrong type: must be an integer")
        XCTAssertEqual(description(minimal("lambda = \"small\"\n")),
                       "jobs/x.toml:10: error: fixed.lambda: value \"small\" has the wrong type: must be a number, not a string")
        XCTAssertEqual(description(minimal("activation = 1\n")),
                       "jobs/x.toml:10: error: fixed.activation: value 1 has the wrong type: must be a string, one of \"crelu\", \"relu\", \"tanh\", \"softplus\", \"hermite3\"")
        XCTAssertEqual(description(minimal(omit: ["alpha"], "alpha = [0.1, 0.2]\n")),
                       "jobs/x.toml:9: error: fixed.alpha: [fixed] holds one value per parameter; found a list. To sweep over `alpha`, put it in [grid]")
        XCTAssertEqual(description(minimal("lambda = true\n")),
                       "jobs/x.toml:10: error: fixed.lambda: found a boolean; parameter values are numbers or strings")
    }

    func testWrongTypesInAxes() {
        XCTAssertEqual(description(minimal(omit: ["alpha"], "[grid]\nalpha = 0.1\n")),
                       "jobs/x.toml:10: error: grid.alpha: an axis is a list of values (`[0.1, 0.2]`) or a generator table (`{ linspace = [0.0, 1.0, 5] }`); found a floating-point number. To hold `alpha` constant, set it in [fixed]")
        XCTAssertEqual(description(minimal(omit: ["n"], "[grid]\nn = [64, 96.5]\n")),
                       "jobs/x.toml:10: error: grid.n: value 96.5 has the wrong type: must be an integer")
        XCTAssertEqual(description(minimal(omit: ["alpha"], "[grid]\nalpha = [0.1, true]\n")),
                       "jobs/x.toml:10: error: grid.alpha: element 2 is a boolean; an axis lists numbers or strings")
        XCTAssertEqual(description(minimal("[grid]\nc = { linspace = [0.0, \"1\", 3] }\n")),
                       "jobs/x.toml:11: error: grid.c.linspace: element 2 is a string; `linspace` takes numbers [start, stop, count]")
        XCTAssertEqual(description(minimal(omit: ["n"], "[grid]\nn = { linspace = [64, 128, 4] }\n")),
                       "jobs/x.toml:10: error: grid.n: value 85.33333333333333 has the wrong type: must be an integer")
    }

    func testGeneratorArityAndArguments() {
        let cases: [(String, String)] = [
            ("c = { linspace = [0.0, 1.0] }", "grid.c.linspace: `linspace` takes [start, stop, count]; got 2 values"),
            ("c = { logspace = [0, 1, 3, 4] }", "grid.c.logspace: `logspace` takes [start, stop, count]; got 4 values"),
            ("c = { range = [1] }", "grid.c.range: `range` takes [start, stop, step] (step defaults to 1); got 1 value"),
            ("c = { range = [0, 1, 0] }", "grid.c.range: the step of `range` must not be 0"),
            ("c = { linspace = [0.0, 1.0, 2.5] }", "grid.c.linspace: the count of `linspace` must be an integer ≥ 0; found 2.5"),
            ("c = { linspace = [0.0, 1.0, -1] }", "grid.c.linspace: the count of `linspace` must be an integer ≥ 0; found -1.0"),
            ("c = { linspace = 3 }", "grid.c.linspace: must be a list [start, stop, count]; found an integer"),
            ("c = { linspace = [0, 1, 2], range = [0, 1, 1] }", "grid.c.range: an axis table takes one generator; found `linspace` and `range`"),
            ("c = { base = 2 }", "grid.c: an axis table needs one of `linspace = [start, stop, count]`, `logspace = [start, stop, count]` or `range = [start, stop, step]`"),
            ("c = { linspace = [0, 1, 2], base = 2 }", "grid.c.base: `base` only applies to `logspace`"),
            ("c = { logspace = [0, 1, 2], base = -2 }", "grid.c.base: the base of `logspace` must be a number > 0"),
            ("c = { linspace = [0, inf, 2] }", "grid.c.linspace: element 2 must be finite"),
            ("c = { range = [0, 2000000, 1] }", "grid.c: the generator makes 2000000 values; an axis has at most 1000000"),
        ]
        for (axis, expected) in cases {
            XCTAssertEqual(description(minimal("[grid]\n" + axis + "\n")), "jobs/x.toml:11: error: " + expected, axis)
        }
    }

    // MARK: Empty axes, zip lengths, duplicates

    func testEmptyAxes() {
        XCTAssertEqual(description(minimal(omit: ["alpha"], "[grid]\nalpha = []\n")),
                       "jobs/x.toml:10: error: grid.alpha: empty axis: give at least one value")
        XCTAssertEqual(description(minimal("[grid]\nc = { linspace = [0.0, 1.0, 0] }\n")),
                       "jobs/x.toml:11: error: grid.c: empty axis: give at least one value")
        XCTAssertEqual(description(minimal("[grid]\nc = { range = [1, 1] }\n")),
                       "jobs/x.toml:11: error: grid.c: empty axis: give at least one value")
        XCTAssertEqual(description(minimal("[[zip]]\n")),
                       "jobs/x.toml:10: error: zip: empty [[zip]] table #1: list parameters of equal length, e.g. `n = [512, 1024]` and `N = [1024, 2048]`")
    }

    func testZipOfUnequalLengths() {
        let text = minimal(omit: ["n", "n_readout"], "[[zip]]\nn = [64, 128]\nn_readout = [64, 128, 256]\n")
        XCTAssertEqual(description(text),
                       "jobs/x.toml:10: error: zip.n_readout: the parameters of [[zip]] #1 must have equal lengths: `n` has 2, `n_readout` has 3")
        let second = minimal(omit: ["n", "d", "N"], "[[zip]]\nn = [64]\n[[zip]]\nd = [16, 32]\nN = [16]\n")
        XCTAssertEqual(description(second),
                       "jobs/x.toml:11: error: zip.N: the parameters of [[zip]] #2 must have equal lengths: `d` has 2, `N` has 1")
    }

    func testDuplicateValues() {
        XCTAssertEqual(description(minimal(omit: ["alpha"], "[grid]\nalpha = [0.1, 0.2, 0.1]\n")),
                       "jobs/x.toml:10: error: grid.alpha: value 0.1 appears twice; the values of an axis must differ")
        // 1 and 1.0 are the same value of a real parameter.
        XCTAssertEqual(description(minimal("[grid]\nc = [1, 1.0]\n")),
                       "jobs/x.toml:11: error: grid.c: value 1.0 appears twice; the values of an axis must differ")
        XCTAssertEqual(description(minimal(omit: ["n", "d"], "[[zip]]\nn = [64, 64]\nd = [16, 16]\n")),
                       "jobs/x.toml:9: error: zip.n: positions 1 and 2 of [[zip]] #1 are the same (n = 64, d = 16); the positions of an axis must differ")
        // A zip may repeat one parameter's value as long as the tuples differ.
        XCTAssertNil(SpecFixture.errorIfAny(minimal(omit: ["n", "d"], "[[zip]]\nn = [64, 64]\nd = [16, 32]\n")))
    }

    // MARK: Set twice, seed, missing

    func testParameterSetTwiceNamesBothLines() {
        XCTAssertEqual(description(minimal("[grid]\nalpha = [0.1, 0.2]\n")),
                       "jobs/x.toml:11: error: grid.alpha: `alpha` is set twice: in [fixed] (line 9) and in [grid] (line 11); set each parameter in one place only")
        XCTAssertEqual(description(minimal("[derived]\nN = \"2 * n\"\n")),
                       "jobs/x.toml:11: error: derived.N: `N` is set twice: in [fixed] (line 8) and in [derived] (line 11); set each parameter in one place only")
        XCTAssertEqual(description(minimal(omit: ["n"], "[grid]\nn = [64]\n[[zip]]\nn = [128]\nc = [1.0]\n")),
                       "jobs/x.toml:12: error: zip.n: `n` is set twice: in [grid] (line 10) and in [[zip]] #1 (line 12); set each parameter in one place only")
        XCTAssertEqual(description(minimal(omit: ["n"], "[[zip]]\nn = [64]\n[[zip]]\nn = [128]\n")),
                       "jobs/x.toml:12: error: zip.n: `n` is set twice: in [[zip]] #1 (line 10) and in [[zip]] #2 (line 12); set each parameter in one place only")
    }

    func testSeedIsNotSettable() {
        let expected = "`seed` cannot be set: it is the repeat index (the `seed` column); use `repeats = K` at the top level for repeat indices 0..<K"
        XCTAssertEqual(description(minimal("seed = 3\n")), "jobs/x.toml:10: error: fixed.seed: " + expected)
        XCTAssertEqual(description(minimal("[grid]\nseed = [0, 1]\n")), "jobs/x.toml:11: error: grid.seed: " + expected)
        XCTAssertEqual(description(minimal("[derived]\nc = \"seed + 1\"\n")),
                       "jobs/x.toml:11: error: derived.c: \"seed + 1\" uses `seed`: the repeat index cannot enter a parameter")
        XCTAssertEqual(description("protocol = \"giant-step\"\nseed = 1\nroot_seed = 2\n")?.contains("`seed` is a parameter"), true)
    }

    func testPrecisionIsAnOrdinaryParameter() throws {
        let spec = try SpecFixture.spec(minimal("[grid]\nprecision = [\"float32\", \"float64\"]\n"))
        XCTAssertEqual(spec.content.axes[0].axis.values, [[.text("float32")], [.text("float64")]])
        XCTAssertEqual(description(minimal("precision = \"float16\"\n")),
                       "jobs/x.toml:10: error: fixed.precision: value \"float16\" out of range: must be one of \"float32\", \"float64\"")
    }

    func testMissingParameterListsWhereToSetIt() {
        XCTAssertEqual(description(minimal(omit: ["N"])),
                       "jobs/x.toml: error: missing parameter `N` (network width (hidden units)): giant-step has no default for it; set it in [fixed] (one value), [grid] or [[zip]] (several values), or [derived] (an expression)")
        let error = SpecFixture.error(minimal(omit: ["alpha"]))
        XCTAssertNil(error?.line)
        XCTAssertEqual(error?.message.hasPrefix("missing parameter `alpha`"), true)
    }

    // MARK: Derived

    func testDerivedSyntaxAndTypeErrors() {
        XCTAssertEqual(description(minimal(omit: ["N"], "[derived]\nN = \"2 * * n\"\n")),
                       "jobs/x.toml:10: error: derived.N: cannot read \"2 * * n\": expected a number, a parameter or `(`, found `*` (character 5)")
        XCTAssertEqual(description(minimal(omit: ["N"], "[derived]\nN = 128\n")),
                       "jobs/x.toml:10: error: derived.N: must be an expression in quotes, e.g. `N = \"2 * n\"`; found an integer; a constant belongs in [fixed]")
        XCTAssertEqual(description(minimal("[derived]\nactivation = \"relu\"\n")),
                       "jobs/x.toml:11: error: derived.activation: `activation` is a category; derived parameters are numbers. Set it in [fixed], [grid] or [[zip]]")
        XCTAssertEqual(description(minimal("[derived]\nc = \"activation * 2\"\n")),
                       "jobs/x.toml:11: error: derived.c: \"activation * 2\" uses `activation`, a category; expressions use numbers only")
    }

    func testDerivedCycles() {
        XCTAssertEqual(description(minimal(omit: ["d", "N"], "[derived]\nd = \"N\"\nN = \"2 * d\"\n")),
                       "jobs/x.toml:9: error: derived.d: derived parameters form a cycle: d → N → d; set one of them in [fixed], [grid] or [[zip]]")
        XCTAssertEqual(description(minimal(omit: ["d"], "[derived]\nd = \"d + 1\"\n")),
                       "jobs/x.toml:10: error: derived.d: derived parameters form a cycle: d → d; set one of them in [fixed], [grid] or [[zip]]")
        XCTAssertEqual(description(minimal(omit: ["d", "N", "n_test"], "[derived]\nn_test = \"d\"\nd = \"N\"\nN = \"n_test\"\n")),
                       "jobs/x.toml:8: error: derived.n_test: derived parameters form a cycle: n_test → d → N → n_test; set one of them in [fixed], [grid] or [[zip]]")
    }

    func testDerivedValueNotIntegralNamesKeyAndValue() {
        let text = minimal(omit: ["n", "n_readout"], "[grid]\nn = [64, 65]\n[derived]\nn_readout = \"n / 2\"\n")
        let error = SpecFixture.error(text)
        XCTAssertEqual(error?.description,
                       "jobs/x.toml:11: error: derived.n_readout: \"n / 2\" gives 32.5 (with n = 65), which is not an integer; wrap it in floor(), ceil() or round()")
        // Parsing alone cannot know: the value depends on the grid point.
        XCTAssertNil(SpecFixture.errorIfAny(text, plan: false))
        XCTAssertNil(SpecFixture.errorIfAny(minimal(omit: ["n", "n_readout"], "[grid]\nn = [64, 65]\n[derived]\nn_readout = \"floor(n / 2)\"\n")))
    }

    func testDerivedValueOutOfRangeOrNotFinite() {
        XCTAssertEqual(description(minimal(omit: ["alpha"], "[grid]\nc = [1.0, 2.0]\n[derived]\nalpha = \"c / 4\"\n")),
                       "jobs/x.toml:12: error: derived.alpha: \"c / 4\" gives 0.5 (with c = 2.0), out of range: must be in [0, 0.5)")
        XCTAssertEqual(description(minimal("c = 1\n[derived]\nlambda = \"1 / (c - 1)\"\n")),
                       "jobs/x.toml:12: error: derived.lambda: \"1 / (c - 1)\" gives inf (with c = 1.0), which is not a finite number")
        XCTAssertEqual(description(minimal(omit: ["N"], "[derived]\nN = \"n - 64\"\n")),
                       "jobs/x.toml:10: error: derived.N: \"n - 64\" gives 0.0 (with n = 64), out of range: must be in [1, ∞)")
    }

    func testTooManyTasks() {
        let text = minimal(omit: ["n", "N"], "[grid]\nn = { range = [1, 10001] }\nN = { range = [1, 10001] }\n")
        XCTAssertEqual(description(text), "jobs/x.toml: error: the sweep has too many tasks (10000 × 10000 × 1 repeats); at most 50000000")
    }
}

extension SpecFixture {
    /// The `SpecError` that parsing (and, with `plan`, planning) throws, or nil when it succeeds.
    static func errorIfAny(_ text: String, plan: Bool = true) -> SpecError? {
        do {
            let parsed = try SweepSpec.parse(text: text, file: "jobs/x.toml")
            if plan { _ = try SweepPlan(spec: parsed) }
            return nil
        } catch {
            return error as? SpecError ?? SpecError(file: "?", message: "\(error)")
        }
    }
}
