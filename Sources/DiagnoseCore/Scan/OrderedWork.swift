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
    ///   - consume: runs on the calling thread with each batch's outputs, in input order.
    static func run<Input: Sendable, Output: Sendable>(
        jobs: Int, batchSize: Int,
        produce: @escaping @Sendable (_ emit: (Input) -> Void, _ flush: () -> Void) -> Void,
        process: @escaping @Sendable (Input) -> Output,
        consume: ([Output]) -> Void
    ) {
        let queue = WorkQueue<Output>(capacity: max(2, jobs * 2))
        let size = max(1, batchSize)
        let reader = Thread {
            var batch: [Input] = []
            var number = 0
            func flush() {
                guard !batch.isEmpty else { return }
                let items = batch
                let current = number
                number += 1
                batch = []
                queue.acquire()
                DispatchQueue.global().async { queue.complete(current, items.map(process)) }
            }
            produce(
                { input in
                    batch.append(input)
                    if batch.count >= size { flush() }
                }, flush)
            flush()
            queue.finish(batches: number)
        }
        reader.stackSize = 8 << 20
        reader.start()
        var number = 0
        while let outputs = queue.next(number) {
            number += 1
            consume(outputs)
        }
    }
}
