#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// Small POSIX file-system helpers (no Foundation in the scan path).
public enum FileSystem {
    /// Names in a folder, without `.` and `..`.
    public static func listDirectory(_ path: String) throws(DiagnoseFailure) -> [String] {
        guard let dir = opendir(path) else { throw DiagnoseFailure.cannotRead(path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether a path is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether a path exists.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Every regular file below `path` (recursively, sorted, hidden entries skipped); `path` itself when it is a
    /// file.
    public static func files(under path: String) throws(DiagnoseFailure) -> [String] {
        guard isDirectory(path) else { return [path] }
        var out: [String] = []
        for name in try listDirectory(path).sorted() where !name.hasPrefix(".") {
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            out += try files(under: child)
        }
        return out
    }
}
