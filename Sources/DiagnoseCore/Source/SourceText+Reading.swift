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
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else { throw DiagnoseFailure.cannotRead(path, errno: errno) }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw DiagnoseFailure("cannot read '\(path)': it is a directory", help: "name a file inside it")
        }
        var bytes: [UInt8] = []
        let size = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : 0
        bytes.reserveCapacity(size > 0 ? size + 1 : 1 << 16)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DiagnoseFailure.cannotRead(path, errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return SourceText(name: path == "-" ? "<stdin>" : path, bytes: bytes)
    }
}

extension DiagnoseFailure {
    /// `cannot read 'x': <reason>` with a hint.
    public static func cannotRead(_ path: String, errno code: Int32) -> DiagnoseFailure {
        let reason = String(cString: strerror(code)).lowercased()
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
