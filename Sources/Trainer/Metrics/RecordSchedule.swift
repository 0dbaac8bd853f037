/// The steps at which a training loop records its curves: 0, r, 2r, … and the last
/// step `steps` (also when it is not a multiple of r). Fixes each task's array width.
struct RecordSchedule {
    let steps: Int
    let every: Int

    init(steps: Int, every: Int) {
        self.steps = steps
        self.every = every
    }

    init(_ p: TaskParameters) {
        self.init(steps: p.int("steps"), every: p.int("record_every"))
    }

    /// How many records the loop makes: ⌊steps/r⌋ + 1, plus one when r does not divide steps.
    var count: Int { steps / every + 1 + (steps % every == 0 ? 0 : 1) }

    func records(_ step: Int) -> Bool { step % every == 0 || step == steps }

    /// The recorded step indices, in order (stored as the `record_steps` array).
    var recordedSteps: [Double] { (0...steps).filter(records).map(Double.init) }
}
