/// The MPI tags of the manager–worker protocol.
///
/// worker → manager: `ready` (empty, once at start), `result` (an encoded
/// `TaskResult`; also asks for more work). manager → worker: `task` (an encoded
/// `TaskAssignment`: index, key and parameters, so workers hold no plan; a worker
/// may hold several, see `ReservationPolicy`),
/// `stop` (empty: finish the tasks held, then exit). A result counts as
/// acknowledged once the manager has it durable in the journal; until then it is
/// pending, and a kill makes it run again on resume.
enum MessageTag {
    static let ready: Int32 = 1
    static let result: Int32 = 2
    static let task: Int32 = 3
    static let stop: Int32 = 4
    static let startup: Int32 = 5
}
