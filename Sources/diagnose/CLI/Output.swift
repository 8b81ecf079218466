#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Buffered writing to a file descriptor. A closed pipe (EPIPE) ends the program quietly with status 0, as
/// `diagnose scan ... | head` should.
final class Output {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Whether the descriptor is a terminal.
    let isTerminal: Bool

    init(fd: Int32) {
        self.fd = fd
        self.isTerminal = isatty(fd) != 0
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func line(_ string: String = "") {
        write(string)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// The process's standard streams. stdout carries reports, help and versions; stderr failures and progress, each
/// line prefixed `diagnose: `.
enum Console {
    nonisolated(unsafe) static let out = Output(fd: 1)
    nonisolated(unsafe) static let err = Output(fd: 2)

    static func error(_ message: String, help: String? = nil) {
        out.flush()
        err.line("diagnose: error: \(message)")
        if let help { err.line("help: \(help)") }
        err.flush()
    }

    static func warning(_ message: String) {
        out.flush()
        err.line("diagnose: warning: \(message)")
        err.flush()
    }
}

private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, pointer, count)
    #elseif canImport(Darwin)
        Darwin.write(fd, pointer, count)
    #else
        Musl.write(fd, pointer, count)
    #endif
}
