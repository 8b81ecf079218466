/// An immutable copy of an array that is read without reference counting: a plain pointer the owning class
/// allocates once and frees in its `deinit`.
///
/// The compiled schemas are shared by every worker thread. Reading an element of a Swift array held by a shared
/// object may retain the array's storage, and a reference count is a write to memory the other cores are reading:
/// on two cores that traffic was a visible share of `check`. Elements must be trivial values.
struct FrozenBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    let elements: UnsafeBufferPointer<Element>

    init(_ array: [Element]) {
        let storage = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(array.count, 1))
        _ = storage.initialize(from: array)
        elements = UnsafeBufferPointer(start: storage.baseAddress, count: array.count)
    }

    /// Frees the copy; only the owner's `deinit` calls this.
    func deallocate() { elements.baseAddress.map { UnsafeMutablePointer(mutating: $0).deallocate() } }

    @inline(__always) subscript(_ i: Int) -> Element { elements[i] }
    @inline(__always) var count: Int { elements.count }
    /// The elements, lent to `body` (the shape `Array.withUnsafeBufferPointer` callers expect).
    @inline(__always) func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(elements)
    }
}
