#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

extension SourceText {
    /// Reads a whole file (or standard input for `-`) with plain POSIX reads.
    /// - Parameter path: the file's path, or `-`.
    /// - Returns: the text, named by the path (`<stdin>` for `-`).
    /// - Throws: `DiagnoseFailure` naming the file and the system's reason, with a hint.
    public static func read(path: String) throws(DiagnoseFailure) -> SourceText {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DiagnoseFailure.cannotRead(path, errno: errno) }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        let isRegular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw DiagnoseFailure("cannot read '\(path)': it is a directory", help: "name a file inside it")
        }
        let name = path == "-" ? "<stdin>" : path
        // One read for a regular file whose size is known (straight into the array), more for pipes.
        var bytes = [UInt8](repeating: 0, count: (isRegular ? Int(info.st_size) : 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 65_536))) }
            let n = bytes.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DiagnoseFailure.cannotRead(name, errno: errno)
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return SourceText(name: name, bytes: bytes)
    }
}

extension DiagnoseFailure {
    /// `cannot read 'x': <reason>` with a hint.
    public static func cannotRead(_ path: String, errno code: Int32) -> DiagnoseFailure {
        var reason = String(cString: strerror(code))
        if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
        return DiagnoseFailure(
            "cannot read '\(path)': \(reason)", help: "check the path, or pass '-' to read standard input")
    }
}

func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
    #elseif canImport(Darwin)
        Darwin.read(fd, buffer, count)
    #else
        Musl.read(fd, buffer, count)
    #endif
}
