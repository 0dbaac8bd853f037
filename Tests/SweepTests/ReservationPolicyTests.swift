import XCTest
@testable import Sweep

/// The manager's reservation rule, driven by a simulated sweep: workers of equal speed
/// (`rate` flops per second, about one core), tasks handed out longest first as
/// `Manager` does, and a manager that sees each result `latency` seconds after the
/// worker finished it.
final class ReservationPolicyTests: XCTestCase {
    struct Outcome {
        /// When each worker ran out of work.
        var finish: [Double]
        /// Time workers stood idle until the manager gave them their next task.
        var waited: Double
    }

    enum Event { case finished(Int), seen(Int) }

    let rate = 1.5e11

    func simulate(_ tasks: [Double], workers: Int, latency: Double, policy: ReservationPolicy = ReservationPolicy()) -> Outcome {
        var queue = tasks.sorted(by: >)[...]
        var queuedWork = tasks.reduce(0, +)
        var held = Array(repeating: [Double](), count: workers)   // first = running
        var active = workers
        var idleSince = Array(repeating: 0.0, count: workers)
        var finish = Array(repeating: 0.0, count: workers)
        var waited = 0.0
        var events = [(time: Double, event: Event)]()

        func refill(_ w: Int) {
            var reserved = held[w].dropFirst().reduce(0, +)
            while let work = queue.first,
                  policy.mayTake(work: work, held: held[w].count, reserved: reserved, queuedWork: queuedWork, activeWorkers: active) {
                if !held[w].isEmpty { reserved += work }
                held[w].append(work)
                queue = queue.dropFirst()
                queuedWork -= work
            }
            if held[w].isEmpty { active -= 1 }
        }
        for w in 0..<workers {
            refill(w)
            if let first = held[w].first { events.append((first / rate, .finished(w))) }
        }
        while let next = events.indices.min(by: { events[$0].time < events[$1].time }) {
            let (time, event) = events.remove(at: next)
            switch event {
            case .finished(let w):
                held[w].removeFirst()
                if let following = held[w].first {
                    events.append((time + following / rate, .finished(w)))
                } else {
                    idleSince[w] = time
                }
                events.append((time + latency, .seen(w)))
            case .seen(let w):
                let wasIdle = held[w].isEmpty
                refill(w)
                if wasIdle {
                    if let first = held[w].first {
                        waited += time - idleSince[w]
                        events.append((time + first / rate, .finished(w)))
                    } else {
                        finish[w] = idleSince[w]
                    }
                }
            }
        }
        return Outcome(finish: finish, waited: waited)
    }

    func testWorkersOfTheQuickstartFinishWithinOneShortTaskOfEachOther() {
        // 10 tasks of 0.8 s, 10 of 0.1 s and 10 of 0.013 s (the quickstart's sizes) on 2
        // workers. A fixed batch of 0.1 s (the rule before) left one idle for most of it.
        let short = 2e9
        let tasks = Array(repeating: 1.2e11, count: 10) + Array(repeating: 1.5e10, count: 10) + Array(repeating: short, count: 10)
        for latency in [0, 0.005] {
            let outcome = simulate(tasks, workers: 2, latency: latency)
            XCTAssertLessThanOrEqual(outcome.finish.max()! - outcome.finish.min()!, short / rate + latency, "finish times \(outcome.finish)")
        }
    }

    func testEqualLongTasksAreNotStackedBehindEachOtherAtTheEnd() {
        // 10 tasks of 1 s on 4 workers take 3 rounds; a worker holding a fourth would need 4.
        let latency = 0.01
        let outcome = simulate(Array(repeating: rate, count: 10), workers: 4, latency: latency)
        XCTAssertLessThanOrEqual(outcome.finish.max()!, 3 + 3 * latency, "finish times \(outcome.finish)")
    }

    func testAsManyTasksAsWorkersRunInOneRound() {
        // The first workers to ask must not reserve tasks the last ones need.
        for workers in [2, 3, 8, 64] {
            let outcome = simulate(Array(repeating: rate, count: workers), workers: workers, latency: 0.01)
            XCTAssertEqual(outcome.finish.max()!, 1, accuracy: 1e-9, "\(workers) workers: finish times \(outcome.finish)")
        }
    }

    func testLongTasksDoNotWaitForTheManager() {
        // Results are seen 10 ms late; the task held behind the running one hides that,
        // except at most once per worker at the very end (the last task is not reserved
        // while another worker would then have nothing to take).
        let latency = 0.01
        let outcome = simulate(Array(repeating: rate, count: 12), workers: 2, latency: latency)
        XCTAssertLessThanOrEqual(outcome.waited, 2 * latency, "waited \(outcome.waited)")
        XCTAssertLessThanOrEqual(outcome.finish.max()!, 6 + latency, "finish times \(outcome.finish)")
    }

    func testShortTasksDoNotWaitForTheManagerEither() {
        // 2000 tasks of 1 ms on 4 workers, results seen 5 ms late: batches cover it.
        let latency = 0.005
        let outcome = simulate(Array(repeating: rate / 1000, count: 2000), workers: 4, latency: latency)
        XCTAssertLessThanOrEqual(outcome.waited, 4 * latency, "waited \(outcome.waited)")
        XCTAssertLessThanOrEqual(outcome.finish.max()!, 0.5 + 2 * latency, "finish times \(outcome.finish)")
    }

    func testShortTasksAreBatchedUpToTheLimit() {
        // 1000 tasks of 1e6 flops on 4 workers: a worker holds up to `depth` of them.
        let policy = ReservationPolicy()
        XCTAssertTrue(policy.mayTake(work: 1e6, held: 63, reserved: 62e6, queuedWork: 1e9, activeWorkers: 4))
        XCTAssertFalse(policy.mayTake(work: 1e6, held: 64, reserved: 63e6, queuedWork: 1e9, activeWorkers: 4))
        // Reserved work stays within batchFlops unless it is a single task.
        XCTAssertFalse(policy.mayTake(work: 4e9, held: 2, reserved: 2e9, queuedWork: 1e15, activeWorkers: 2))
        XCTAssertTrue(policy.mayTake(work: 4e11, held: 1, reserved: 0, queuedWork: 1e15, activeWorkers: 2))
    }

    func testAWorkerHoldingNothingAlwaysGetsATask() {
        XCTAssertTrue(ReservationPolicy().mayTake(work: 1e15, held: 0, reserved: 0, queuedWork: 1e15, activeWorkers: 512))
    }
}
