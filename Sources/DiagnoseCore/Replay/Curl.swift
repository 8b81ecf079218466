/*
 Every libcurl call in diagnose lives in this file.

 One `CurlEasyHandle` owns one `CURL *` easy handle. A request goes:

     curl_easy_reset          clears options but keeps open connections, DNS and TLS session caches (keep-alive)
     setopt URL, CUSTOMREQUEST, HTTPHEADER (slist in recorded order), POSTFIELDSIZE_LARGE + COPYPOSTFIELDS
     setopt write/header callbacks → a `ResponseSink` passed as userdata (Unmanaged, alive for the call)
     curl_easy_perform
     getinfo RESPONSE_CODE, HTTP_VERSION, PRIMARY_IP, NUM_CONNECTS, *_TIME_T

 Headers curl would add on its own are suppressed unless the recording had them: `Accept:` (empty value) removes
 curl's default Accept header, `Expect:` disables 100-continue, `Content-Type:` removes the form default for bodies.
 A recorded header with an empty value is sent as `Name;`, curl's syntax for "send this header empty".

 The TLS version has no getinfo for every backend; with OpenSSL libcurl logs "SSL connection using TLSv1.3 / …"
 to the debug callback, which we read for https URLs only (verbose mode costs time on plain HTTP).
*/
internal import CCurl

/// `curl_global_init`, run once, lazily and thread-safely (Swift initializes globals with `swift_once`).
private let curlGlobalInitResult: Int32 = Int32(bitPattern: curl_global_init(Int(CURL_GLOBAL_ALL)).rawValue)

/// Owns one libcurl easy handle; reusing it across requests reuses the connection.
///
/// Not thread-safe: keep one handle inside one task (`CurlTransport` serializes access with a mutex).
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The TLS version seen on the current connection (kept across reuses, which log nothing).
    private var lastTLSVersion: String?

    init() throws(TransportFailure) {
        guard curlGlobalInitResult == 0 else {
            throw TransportFailure(
                code: CurlCode(rawValue: curlGlobalInitResult), message: "curl_global_init failed", url: "")
        }
        guard let h = curl_easy_init() else {
            throw TransportFailure(code: .failedInit, message: "curl_easy_init returned NULL", url: "")
        }
        handle = h
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The libcurl version string (`libcurl/7.88.1 OpenSSL/3.0.19 …`).
    static var versionText: String { String(cString: curl_version()) }

    // MARK: Options

    private func set(_ option: CURLoption, _ value: Int) throws(TransportFailure) {
        try check(diagnose_curl_setopt_long(handle, option, value), option: option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(TransportFailure) {
        let code = value.withCString { diagnose_curl_setopt_string(handle, option, $0) }
        try check(code, option: option)
    }

    private func set(_ option: CURLoption, offset value: Int64) throws(TransportFailure) {
        try check(diagnose_curl_setopt_off(handle, option, curl_off_t(value)), option: option)
    }

    private func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(TransportFailure) {
        try check(diagnose_curl_setopt_pointer(handle, option, value), option: option)
    }

    private func check(_ code: CURLcode, option: CURLoption) throws(TransportFailure) {
        guard code != CURLE_OK else { return }
        let text = String(cString: curl_easy_strerror(code))
        throw TransportFailure(
            code: CurlCode(rawValue: Int32(bitPattern: code.rawValue)),
            message: "libcurl rejected option \(option.rawValue): \(text)", url: "")
    }

    // MARK: Perform

    /// Sends one request on this handle (reusing its connection when possible).
    func perform(_ request: ReplayRequest, options: ReplayOptions) throws(TransportFailure) -> ReplayResponse {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let isHTTPS = request.url.httpLowercased.hasPrefix("https:")
        let sink = ResponseSink()
        let sinkPointer = Unmanaged.passRetained(sink).toOpaque()
        defer { Unmanaged<ResponseSink>.fromOpaque(sinkPointer).release() }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        for line in Self.headerLines(for: request) {
            guard let appended = curl_slist_append(headerList, line) else {
                throw TransportFailure(code: .outOfMemory, message: "curl_slist_append failed", url: request.url)
            }
            headerList = appended
        }

        do throws(TransportFailure) {
            try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
            try set(CURLOPT_NOSIGNAL, 1)
            try set(CURLOPT_URL, request.url)
            try set(CURLOPT_PATH_AS_IS, 1)
            try set(CURLOPT_FOLLOWLOCATION, 0)
            try set(CURLOPT_CUSTOMREQUEST, request.method)
            if request.method == "HEAD" { try set(CURLOPT_NOBODY, 1) }
            if let body = request.body {
                try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
                // COPYPOSTFIELDS copies exactly POSTFIELDSIZE bytes, so the array need not outlive this call.
                var bytes = body.isEmpty ? [0] : body
                let code = bytes.withUnsafeMutableBytes {
                    diagnose_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)
                }
                try check(code, option: CURLOPT_COPYPOSTFIELDS)
            }
            try check(diagnose_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), option: CURLOPT_HTTPHEADER)
            if request.header("Accept-Encoding") != nil {
                // Our recorded header is sent; this only turns on decoding of the response body.
                try set(CURLOPT_ACCEPT_ENCODING, "")
            }
            try set(CURLOPT_HTTP_VERSION, Self.curlHTTPVersion(request.httpVersion, https: isHTTPS))
            if let ms = Self.milliseconds(options.timeoutSeconds) { try set(CURLOPT_TIMEOUT_MS, ms) }
            if let ms = Self.milliseconds(options.connectTimeoutSeconds) { try set(CURLOPT_CONNECTTIMEOUT_MS, ms) }
            if let ca = options.caCertificatePath { try set(CURLOPT_CAINFO, ca) }
            if options.insecure {
                try set(CURLOPT_SSL_VERIFYPEER, 0)
                try set(CURLOPT_SSL_VERIFYHOST, 0)
            }
            if let noProxy = options.noProxy { try set(CURLOPT_NOPROXY, noProxy) }
            try check(diagnose_curl_setopt_write_function(handle, Self.writeCallback), option: CURLOPT_WRITEFUNCTION)
            try set(CURLOPT_WRITEDATA, pointer: sinkPointer)
            try check(diagnose_curl_setopt_header_function(handle, Self.headerCallback), option: CURLOPT_HEADERFUNCTION)
            try set(CURLOPT_HEADERDATA, pointer: sinkPointer)
            if isHTTPS {
                try check(diagnose_curl_setopt_debug_function(handle, Self.debugCallback), option: CURLOPT_DEBUGFUNCTION)
                try set(CURLOPT_DEBUGDATA, pointer: sinkPointer)
                try set(CURLOPT_VERBOSE, 1)
            }
        } catch {
            var failure = error
            failure.url = request.url
            throw failure
        }

        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let buffered = String(cString: errorBuffer)
            let text = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
            throw TransportFailure(
                code: CurlCode(rawValue: Int32(bitPattern: code.rawValue)), message: text, url: request.url)
        }

        var status = 0
        _ = diagnose_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        _ = diagnose_curl_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        var connects = 0
        _ = diagnose_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        var ipPointer: UnsafeMutablePointer<CChar>? = nil
        _ = diagnose_curl_getinfo_string(handle, CURLINFO_PRIMARY_IP, &ipPointer)

        if isHTTPS {
            if let seen = sink.tlsVersion { lastTLSVersion = seen } else if connects > 0 { lastTLSVersion = nil }
        }
        return ReplayResponse(
            status: status, reason: sink.reason, httpVersion: Self.versionName(version), headers: sink.headers,
            body: sink.body,
            timings: ReplayTimings(
                dnsMicroseconds: time(CURLINFO_NAMELOOKUP_TIME_T), connectMicroseconds: time(CURLINFO_CONNECT_TIME_T),
                tlsMicroseconds: time(CURLINFO_APPCONNECT_TIME_T),
                firstByteMicroseconds: time(CURLINFO_STARTTRANSFER_TIME_T),
                totalMicroseconds: time(CURLINFO_TOTAL_TIME_T)),
            remoteIP: ipPointer.map { String(cString: $0) } ?? "",
            tlsVersion: isHTTPS ? (lastTLSVersion ?? "unknown") : nil,
            reusedConnection: connects == 0)
    }

    private func time(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = diagnose_curl_getinfo_off(handle, info, &value)
        return Int64(value)
    }

    // MARK: Helpers

    /// The `CURLOPT_HTTPHEADER` lines for a request: recorded headers in order, then suppressions of curl's own.
    static func headerLines(for request: ReplayRequest) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(request.headers.count + 3)
        for header in request.headers {
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        if request.header("Accept") == nil { lines.append("Accept:") }
        if request.header("Expect") == nil { lines.append("Expect:") }
        if request.body != nil && request.header("Content-Type") == nil { lines.append("Content-Type:") }
        return lines
    }

    /// Seconds as whole milliseconds for a timeout option; nil (no timeout set) for 0, negative or non-finite values.
    static func milliseconds(_ seconds: Double) -> Int? {
        guard seconds.isFinite, seconds > 0 else { return nil }
        return Int(min(seconds * 1000, Double(Int32.max)).rounded(.up))
    }

    static func curlHTTPVersion(_ preference: HTTPVersionPreference, https: Bool) -> Int {
        switch preference {
        case .automatic: Int(CURL_HTTP_VERSION_NONE)
        case .http1_1: Int(CURL_HTTP_VERSION_1_1)
        case .http2: Int(https ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)
        }
    }

    static func versionName(_ curlVersion: Int) -> String {
        switch curlVersion {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case 30: "3"  // CURL_HTTP_VERSION_3
        default: "unknown"
        }
    }

    private static let writeCallback: diagnose_curl_data_callback = { pointer, size, count, userdata in
        let total = size * count
        guard let userdata else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
        if let pointer, total > 0 {
            pointer.withMemoryRebound(to: UInt8.self, capacity: total) {
                sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: total))
            }
        }
        return total
    }

    private static let headerCallback: diagnose_curl_data_callback = { pointer, size, count, userdata in
        let total = size * count
        guard let userdata else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
        if let pointer, total > 0 {
            pointer.withMemoryRebound(to: UInt8.self, capacity: total) {
                sink.headerLine(UnsafeBufferPointer(start: $0, count: total))
            }
        }
        return total
    }

    private static let debugCallback:
        @convention(c) (
            UnsafeMutableRawPointer?, curl_infotype, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?
        ) -> Int32 = { _, type, data, size, userdata in
            guard type == CURLINFO_TEXT, let data, let userdata, size > 0 else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: size) {
                sink.debugText(UnsafeBufferPointer(start: $0, count: size))
            }
            return 0
        }
}

/// Collects one response from libcurl's callbacks.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [ReplayHeader] = []
    var reason = ""
    var tlsVersion: String?

    func headerLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var line = String(decoding: bytes, as: UTF8.self)
        while let last = line.last, last == "\r\n" || last == "\n" || last == "\r" { line.removeLast() }
        if line.isEmpty { return }
        if line.hasPrefix("HTTP/") {
            // A new header block (after 100 Continue or a proxy's CONNECT reply) replaces the previous one.
            headers.removeAll()
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            reason = parts.count > 2 ? String(parts[2]) : ""
            return
        }
        if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            headers[headers.count - 1].value += " " + String(Substring(line).replayTrimmed)  // obsolete folding
            return
        }
        if let header = ReplayHeader(parsing: line) { headers.append(header) }
    }

    func debugText(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        let marker = "SSL connection using "
        guard text.hasPrefix(marker) else { return }
        let rest = text.dropFirst(marker.count)
        let version = rest.prefix { $0 != " " && $0 != "\n" && $0 != "/" }
        if !version.isEmpty { tlsVersion = String(version) }
    }
}
