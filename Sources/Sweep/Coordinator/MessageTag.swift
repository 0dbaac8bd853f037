/// The MPI tags of the manager–worker protocol.
///
/// worker → manager: `ready` (empty, once at start), `result` (an encoded
/// `TaskResult`; also asks for the next task). manager → worker: `task` (the plan
/// index as 8 bytes), `stop` (empty: no more work, exit). A worker's next task is
/// sent only after its previous result is durable in the journal, so the reply
/// doubles as the acknowledgement.
enum MessageTag {
    static let ready: Int32 = 1
    static let result: Int32 = 2
    static let task: Int32 = 3
    static let stop: Int32 = 4
    static let startup: Int32 = 5
}
