import Foundation

/// The shape `scan` and `check` share: a reader thread produces inputs, worker threads process them in batches,
/// and the calling thread receives the outputs in input order.
///
///     reader thread ──batches──► worker pool ──results by batch number──► calling thread, in order
///
/// At most `2 × jobs` batches are in flight, so memory does not grow with the input.
enum OrderedWork {
    /// Runs the three stages and returns when every output has been consumed.
    /// - Parameters:
    ///   - jobs: bounds the batches in flight (workers come from the global dispatch queue).
    ///   - batchSize: inputs per batch.
    ///   - produce: runs on the reader thread; calls `emit` for each input, and may call `flush` to end a batch
    ///     early (at the end of a file).
    ///   - process: runs on worker threads, one input at a time.
    ///   - consume: runs on the calling thread with each batch's outputs, in input order; it takes each output out
    ///     of the batch (`take()`), so that the output moves instead of being copied and released twice.
    static func run<Input: Sendable, Output: Sendable>(
        jobs: Int, batchSize: Int,
        produce: @escaping @Sendable (_ emit: (consuming Input) -> Void, _ flush: () -> Void) -> Void,
        process: @escaping @Sendable (consuming Input) -> Output,
        consume: (inout [Output?]) -> Void
    ) {
        let queue = WorkQueue<Output?>(capacity: max(2, jobs * 2))
        let size = max(1, batchSize)
        let reader = Thread {
            var batch: [Input?] = []
            var number = 0
            func flush() {
                guard !batch.isEmpty else { return }
                let items = Batch(batch)
                let current = number
                number += 1
                batch = []
                queue.acquire()
                DispatchQueue.global().async { queue.complete(current, items.process(process)) }
            }
            produce(
                { input in
                    batch.append(.some(consume input))
                    if batch.count >= size { flush() }
                }, flush)
            flush()
            queue.finish(batches: number)
        }
        reader.stackSize = 8 << 20
        reader.start()
        var number = 0
        while var outputs = queue.next(number) {
            number += 1
            consume(&outputs)
        }
    }
}

/// One batch of inputs, handed to a worker in a box so that each input can be moved out to `process` (an
/// exchange copied out of an array retains every string and array it holds, and releases them with the array).
private final class Batch<Input>: @unchecked Sendable {
    private var items: [Input?]

    init(_ items: [Input?]) { self.items = items }

    /// Processes every input in order, leaving the batch empty.
    func process<Output>(_ body: (consuming Input) -> Output) -> [Output?] {
        var outputs: [Output?] = []
        outputs.reserveCapacity(items.count)
        for i in items.indices {
            if let item = items[i].take() { outputs.append(body(consume item)) }
        }
        items = []
        return outputs
    }
}
