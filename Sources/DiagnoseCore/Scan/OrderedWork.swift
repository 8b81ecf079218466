import Foundation
import Synchronization

/// The shape `scan` and `check` share: a reader thread produces inputs, worker threads process them in batches,
/// and the calling thread receives the outputs in input order.
///
///     reader thread ──batches──► worker pool ──results by batch number──► calling thread, in order
///
/// At most `2 × jobs` batches are in flight, so memory does not grow with the input.
///
/// Inside a batch, inputs of one group (`WorkGroup`: requests that likely go to the same operation) are processed
/// back to back. Checking an exchange reads its operation's schemas, which the streamed input pushes out of the
/// core's cache between two exchanges of that operation: on the 20,000-exchange benchmark, the same exchanges
/// sorted by operation take 15 % less CPU time for the same instructions. Each input is processed on its own, so
/// the order changes nothing in the outputs, which keep their places.
enum OrderedWork {
    /// Runs the three stages and returns when every output has been consumed.
    /// - Parameters:
    ///   - jobs: bounds the batches in flight (workers come from the global dispatch queue).
    ///   - batchSize: inputs per batch.
    ///   - produce: runs on the reader thread; calls `emit` for each input with its group (see `WorkGroup`), and
    ///     may call `flush` to end a batch early (at the end of a file).
    ///   - process: runs on worker threads, one input at a time.
    ///   - consume: runs on the calling thread with each batch's outputs, in input order; it takes each output out
    ///     of the batch (`take()`), so that the output moves instead of being copied and released twice. What it
    ///     gives to the `ReaderReturns` is released by the reader thread (see there).
    static func run<Input: Sendable, Output: Sendable>(
        jobs: Int, batchSize: Int,
        produce: @escaping @Sendable (_ emit: (consuming Input, _ group: UInt64) -> Void, _ flush: () -> Void) -> Void,
        process: @escaping @Sendable (consuming Input) -> Output,
        consume: (inout [Output?], ReaderReturns) -> Void
    ) {
        let queue = WorkQueue<Output?>(capacity: max(2, jobs * 2))
        let size = max(1, batchSize)
        let returns = ReaderReturns()
        let reader = Thread {
            var batch: [Input?] = []
            var groups: [UInt64] = []
            var number = 0
            func flush() {
                guard !batch.isEmpty else { return }
                let items = Batch(batch, groups: groups)
                let current = number
                number += 1
                batch = []
                groups = []
                queue.acquire()
                DispatchQueue.global().async { queue.complete(current, items.process(process)) }
                returns.drain()
            }
            produce(
                { input, group in
                    batch.append(.some(consume input))
                    groups.append(group)
                    if batch.count >= size { flush() }
                }, flush)
            flush()
            // No drain after this: once the batches are counted the calling thread may return, and what it handed
            // back last it releases itself (below), so nothing is released after `run` returns.
            queue.finish(batches: number)
        }
        reader.stackSize = 8 << 20
        reader.start()
        var number = 0
        while var outputs = queue.next(number) {
            number += 1
            consume(&outputs, returns)
        }
        returns.drain()  // what the reader had no turn left to release
    }
}

/// Objects handed back to the reader thread for their last release: the parsed entries it read (an entry's text
/// and nodes, some 10 KB per exchange). Freed by the thread that consumed them, that memory went back to the
/// reader's malloc arena under its lock, against the reader's own allocations for the next entries; on two cores
/// that contention was a few percent of a run. The reader releases what it is given after each batch it hands out.
final class ReaderReturns: Sendable {
    /// A reference passed between threads only to be released (never used).
    private struct Handed: @unchecked Sendable { let object: AnyObject }
    private let pile = Mutex<[Handed]>([])

    /// Gives `object` to the reader; the caller's own reference goes as usual.
    func add(_ object: AnyObject) {
        let handed = Handed(object: object)
        pile.withLock { $0.append(handed) }
    }

    /// Releases everything handed back so far (on the calling thread).
    func drain() {
        let taken = pile.withLock { pile -> [Handed] in
            let all = pile
            pile = []
            return all
        }
        _ = consume taken
    }
}

/// Which inputs `OrderedWork` processes back to back: requests with the same method, host, first two path
/// segments and number of segments (`POST api.stripe.com/v1/customers/*`), which mostly share an operation. A hash;
/// a collision only puts two groups together.
enum WorkGroup {
    /// The group of an exchange's request.
    static func of(_ request: HTTPRequest) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        request.method.withBytes { for b in $0 { mix(b) } }
        mix(0)
        request.components.host?.withBytes { for b in $0 { mix(b) } }
        mix(0)
        request.components.path.withBytes { path in
            var segments = 0
            var i = 0
            while i < path.count {
                while i < path.count && path[i] == UInt8(ascii: "/") { i += 1 }
                guard i < path.count else { break }
                segments += 1
                while i < path.count && path[i] != UInt8(ascii: "/") {
                    if segments <= 2 { mix(path[i]) }
                    i += 1
                }
                if segments <= 2 { mix(UInt8(ascii: "/")) }
            }
            mix(UInt8(truncatingIfNeeded: segments))
        }
        return hash
    }
}

/// One batch of inputs, handed to a worker in a box so that each input can be moved out to `process` (an
/// exchange copied out of an array retains every string and array it holds, and releases them with the array).
private final class Batch<Input>: @unchecked Sendable {
    private var items: [Input?]
    private let groups: [UInt64]

    init(_ items: [Input?], groups: [UInt64]) {
        self.items = items
        self.groups = groups
    }

    /// Processes every input, a group at a time (groups in order of first appearance would do as well; sorted
    /// by hash, each group's inputs in input order), leaving the batch empty; outputs are in input order.
    func process<Output>(_ body: (consuming Input) -> Output) -> [Output?] {
        var outputs = [Output?](repeating: nil, count: items.count)
        let order = items.indices.sorted { groups[$0] != groups[$1] ? groups[$0] < groups[$1] : $0 < $1 }
        for i in order {
            if let item = items[i].take() { outputs[i] = body(consume item) }
        }
        items = []
        return outputs
    }
}
