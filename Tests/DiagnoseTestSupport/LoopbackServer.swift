/*
 Real servers on loopback for replay tests: no mocked libcurl, no network.

 `LoopbackServer` is a small HTTP/1.1 server on 127.0.0.x with an ephemeral port: POSIX sockets, one thread per
 connection, keep-alive, and a scriptable handler. Every request it receives is recorded byte for byte (the raw head
 with header order and spelling, and the decoded body), together with the number of the connection it came on, so a
 test can prove that a sequence reused one connection.

 `TLSFrontend` adds HTTPS: it generates a throwaway self-signed certificate with the `openssl` command-line tool and
 runs a tiny `python3` TLS terminator (the ssl module) that forwards plaintext to a `LoopbackServer`. Both tools are
 standard on Debian; when either is missing, `TLSFrontend.unavailableReason` says so and the tests skip.
*/
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real HTTP/1.1 server on a loopback address, recording what it receives.
public final class LoopbackServer: Sendable {
    /// One header as received.
    public struct Header: Sendable, Hashable {
        /// The name, as spelled on the wire.
        public var name: String
        /// The value, trimmed.
        public var value: String
        /// Creates a header.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One request exactly as it arrived.
    public struct ReceivedRequest: Sendable {
        /// The method from the request line.
        public var method: String
        /// The request target (path and query).
        public var target: String
        /// The HTTP version from the request line (`HTTP/1.1`).
        public var version: String
        /// Headers in wire order.
        public var headers: [Header]
        /// The raw bytes of the request line and headers, through the blank line.
        public var rawHead: [UInt8]
        /// The body bytes (de-chunked when sent chunked).
        public var body: [UInt8]
        /// 1 for the first accepted connection, 2 for the next, …
        public var connection: Int

        /// The first header of that name (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// A scripted response.
    public struct Response: Sendable {
        /// Status code.
        public var status: Int
        /// Reason phrase.
        public var reason: String
        /// Headers, in order; `Content-Length` is added.
        public var headers: [Header]
        /// Body bytes.
        public var body: [UInt8]
        /// Seconds to wait before answering (to provoke timeouts).
        public var delay: Double
        /// Whether to close the connection after answering.
        public var close: Bool

        /// Creates a response.
        public init(
            status: Int = 200, reason: String = "OK", headers: [Header] = [], body: [UInt8] = [], delay: Double = 0,
            close: Bool = false
        ) {
            self.status = status
            self.reason = reason
            self.headers = headers
            self.body = body
            self.delay = delay
            self.close = close
        }

        /// A JSON response.
        public static func json(_ text: String, status: Int = 200, headers: [Header] = []) -> Response {
            Response(
                status: status, reason: status == 200 ? "OK" : "Status",
                headers: [Header("Content-Type", "application/json")] + headers, body: Array(text.utf8))
        }
    }

    /// Computes the response to a request.
    public typealias Handler = @Sendable (ReceivedRequest) -> Response

    /// The address the server listens on.
    public let host: String
    /// The ephemeral port it got.
    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex<State>(State())

    private struct State {
        var requests: [ReceivedRequest] = []
        var connections = 0
        var openSockets: Set<Int32> = []
        var stopped = false
    }

    /// `http://host:port`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [ReceivedRequest] { state.withLock { $0.requests } }

    /// Number of connections accepted so far.
    public var connectionCount: Int { state.withLock { $0.connections } }

    /// Starts a server.
    /// - Parameters:
    ///   - host: a loopback address (`127.0.0.1`, or `127.0.0.2` to play another host).
    ///   - handler: computes each response; by default a small JSON `{"ok":true}`.
    /// - Throws: `POSIXError`-style `NSError` when the socket cannot be bound.
    public init(host: String = "127.0.0.1", handler: @escaping Handler = { _ in .json(#"{"ok":true}"#) }) throws {
        self.host = host
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServer.error("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, host, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw LoopbackServer.error("bind/listen on \(host)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// Stops accepting and closes every open connection.
    ///
    /// The accept thread keeps the server alive until then, so a server outlives its test unless stopped.
    public func stop() {
        // Shut down, never close, here: the listener is closed by the accept thread as it leaves, and connections
        // by their own threads, so a descriptor number is never reused while another thread may still use it.
        state.withLock { s in
            if s.stopped { return }
            s.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for fd in s.openSockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private static func error(_ what: String) -> NSError {
        NSError(
            domain: "LoopbackServer", code: Int(errno),
            userInfo: [NSLocalizedDescriptionKey: "\(what) failed: \(String(cString: strerror(errno)))"])
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR && !state.withLock({ $0.stopped }) { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let number: Int? = state.withLock { s in
                if s.stopped { return nil }
                s.connections += 1
                s.openSockets.insert(fd)
                return s.connections
            }
            guard let number else {
                close(fd)
                return
            }
            Thread.detachNewThread { [self] in serve(fd, connection: number) }
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            // Removed and closed under the lock, so `stop` never shuts down a reused descriptor number.
            state.withLock {
                _ = $0.openSockets.remove(fd)
                close(fd)
            }
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
        while true {
            // Head: up to the blank line.
            var headEnd: Int? = nil
            while headEnd == nil {
                headEnd = LoopbackServer.find([13, 10, 13, 10], in: buffer)
                if headEnd == nil && !fill() { return }
            }
            let rawHead = Array(buffer[0..<(headEnd! + 4)])
            buffer.removeFirst(headEnd! + 4)
            let lines = String(decoding: rawHead, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            guard let requestLine = lines.first else { return }
            let parts = requestLine.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { return }
            var headers: [Header] = []
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append(
                    Header(
                        String(line[..<colon]),
                        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            var request = ReceivedRequest(
                method: parts[0], target: parts[1], version: parts[2], headers: headers, rawHead: rawHead, body: [],
                connection: connection)
            // Body: Content-Length or chunked.
            if let length = request.header("Content-Length").flatMap(Int.init) {
                while buffer.count < length { if !fill() { return } }
                request.body = Array(buffer[0..<length])
                buffer.removeFirst(length)
            } else if request.header("Transfer-Encoding")?.lowercased() == "chunked" {
                while true {
                    var lineEnd = LoopbackServer.find([13, 10], in: buffer)
                    while lineEnd == nil {
                        if !fill() { return }
                        lineEnd = LoopbackServer.find([13, 10], in: buffer)
                    }
                    let sizeText =
                        String(decoding: buffer[0..<lineEnd!], as: UTF8.self)
                        .split(separator: ";").first.map(String.init) ?? "0"
                    let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
                    buffer.removeFirst(lineEnd! + 2)
                    while buffer.count < size + 2 { if !fill() { return } }
                    request.body.append(contentsOf: buffer[0..<size])
                    buffer.removeFirst(size + 2)
                    if size == 0 { break }
                }
            }
            state.withLock { $0.requests.append(request) }

            let response = handler(request)
            if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
            var out = Array("HTTP/1.1 \(response.status) \(response.reason)\r\n".utf8)
            for h in response.headers { out += Array("\(h.name): \(h.value)\r\n".utf8) }
            if request.method != "HEAD" || response.body.isEmpty {
                out += Array("Content-Length: \(response.body.count)\r\n".utf8)
            }
            let close = response.close || request.header("Connection")?.lowercased() == "close"
            if close { out += Array("Connection: close\r\n".utf8) }
            out += [13, 10]
            if request.method != "HEAD" { out += response.body }
            var sent = 0
            while sent < out.count {
                let n = out.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                sent += n
            }
            if close { return }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

/// HTTPS in front of a `LoopbackServer`: a generated self-signed certificate and a `python3` TLS terminator.
public final class TLSFrontend: Sendable {
    /// The PEM certificate to pass as `--cacert` (self-signed, so it is its own CA), for `localhost` and 127.0.0.1.
    public let certificatePath: String
    /// The TLS port on 127.0.0.1.
    public let port: Int
    private let process: Process
    private let directory: URL

    /// `https://localhost:port`.
    public var baseURL: String { "https://localhost:\(port)" }

    /// Why HTTPS tests cannot run here (a missing tool), or nil when they can.
    public static let unavailableReason: String? = {
        for tool in ["openssl", "python3"] where findTool(tool) == nil {
            return "'\(tool)' is not on PATH: skipping HTTPS replay tests (install it to run them)"
        }
        return nil
    }()

    /// Whether HTTPS tests can run.
    public static var isAvailable: Bool { unavailableReason == nil }

    /// Generates a certificate and starts the terminator forwarding to `backend`.
    /// - Parameter backend: the plaintext server behind it.
    /// - Throws: when a tool is missing or fails.
    public init(forwardingTo backend: LoopbackServer) throws {
        guard let openssl = TLSFrontend.findTool("openssl"), let python = TLSFrontend.findTool("python3") else {
            throw NSError(
                domain: "TLSFrontend", code: 1,
                userInfo: [NSLocalizedDescriptionKey: TLSFrontend.unavailableReason ?? "missing tool"])
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: openssl)
        generate.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-out", cert, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        generate.standardOutput = FileHandle.nullDevice
        generate.standardError = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        guard generate.terminationStatus == 0 else {
            throw NSError(
                domain: "TLSFrontend", code: 2,
                userInfo: [NSLocalizedDescriptionKey: "openssl req failed with status \(generate.terminationStatus)"])
        }
        certificatePath = cert
        let script = directory.appendingPathComponent("tls_frontend.py")
        try TLSFrontend.script.write(to: script, atomically: true, encoding: .utf8)
        let pipe = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, cert, key, String(backend.port), backend.host]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The script prints its port on the first line once it listens.
        var line: [UInt8] = []
        let handle = pipe.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte.first == 10 { break }
            line.append(byte.first!)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw NSError(
                domain: "TLSFrontend", code: 3, userInfo: [NSLocalizedDescriptionKey: "TLS frontend did not start"])
        }
        self.port = port
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func findTool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static let script = #"""
        import select, socket, ssl, sys, threading
        cert, key, backend_port, backend_host = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        ctx.set_alpn_protocols(["http/1.1"])
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        print(listener.getsockname()[1], flush=True)

        def handle(raw):
            try:
                tls = ctx.wrap_socket(raw, server_side=True)
            except Exception:
                raw.close()
                return
            up = socket.create_connection((backend_host, backend_port))
            try:
                while True:
                    if tls.pending():
                        ready = [tls]
                    else:
                        ready, _, _ = select.select([tls, up], [], [], 60)
                    if not ready:
                        break
                    done = False
                    for s in ready:
                        data = s.recv(65536)
                        if not data:
                            done = True
                            break
                        (up if s is tls else tls).sendall(data)
                    if done:
                        break
            except Exception:
                pass
            finally:
                tls.close()
                up.close()

        while True:
            conn, _ = listener.accept()
            threading.Thread(target=handle, args=(conn,), daemon=True).start()
        """#
}
