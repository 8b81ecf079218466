/// One recorded HTTP exchange: a request, the response if one came back, timings and where it was recorded.
///
/// Every reader (HAR, NDJSON, raw HTTP, `curl -v`, curl command lines) produces this one model, so checks and
/// renderers never care which format a trace came from. A request that got no answer is still an exchange, with a
/// nil `response`.
public struct Exchange: Sendable {
    /// The request as sent.
    public var request: HTTPRequest
    /// The response as received, or nil when none was recorded (HAR `status: 0`, a request-only transcript).
    public var response: HTTPResponse?
    /// Phase timings, when the recording has them.
    public var timings: Timings?
    /// The start time exactly as recorded (ISO 8601 in HAR), or nil.
    public var startedDateTime: String?
    /// The start time in seconds since 1970-01-01T00:00:00Z, parsed from `startedDateTime`; nil when absent or
    /// unparsable.
    public var startedAt: Double?
    /// Total elapsed time in milliseconds, when recorded.
    public var time: Double?
    /// IP address of the server, when recorded.
    public var serverIPAddress: String?
    /// Connection identifier (HAR `connection`, e.g. a port number or stream id), when recorded.
    public var connection: String?
    /// Where the exchange was read from; every finding about it points here.
    public var source: SourceRef
    /// The recorded HAR/NDJSON entry, kept for writers that must preserve fields the model does not carry.
    /// Cleared by `Redactor.redact(_:)` so a redacted exchange never carries the original bytes.
    var record: Node?

    /// Creates an exchange.
    /// - Parameters:
    ///   - request: the request.
    ///   - response: the response, if any.
    ///   - timings: phase timings, if recorded.
    ///   - startedDateTime: start time as recorded.
    ///   - time: total time in milliseconds.
    ///   - serverIPAddress: server IP address.
    ///   - connection: connection identifier.
    ///   - source: where it was read from.
    public init(
        request: HTTPRequest, response: HTTPResponse? = nil, timings: Timings? = nil, startedDateTime: String? = nil,
        time: Double? = nil, serverIPAddress: String? = nil, connection: String? = nil,
        source: SourceRef = SourceRef(file: "<memory>", entry: 1)
    ) {
        self.init(
            request: request, response: response, timings: timings, startedDateTime: startedDateTime, time: time,
            serverIPAddress: serverIPAddress, connection: connection, source: source, record: nil)
    }

    /// Creates an exchange read from a recorded entry (kept as `record`); the readers call it directly, so the
    /// exchange is built once with its record instead of built, copied and changed.
    init(
        request: HTTPRequest, response: HTTPResponse?, timings: Timings?, startedDateTime: String?, time: Double?,
        serverIPAddress: String?, connection: String?, source: SourceRef, record: Node?
    ) {
        self.request = request
        self.response = response
        self.timings = timings
        self.startedDateTime = startedDateTime
        self.startedAt = startedDateTime.flatMap(ISO8601Timestamp.parse)
        self.time = time
        self.serverIPAddress = serverIPAddress
        self.connection = connection
        self.source = source
        self.record = record
    }

    /// A reference for findings: file, entry, method and URL (the URL with secrets redacted).
    public var findingRef: Finding.ExchangeRef {
        Finding.ExchangeRef(
            file: source.file, entry: source.entry, method: request.method,
            url: Redactor.default.redactURL(request.url))
    }
}

/// Where an exchange was read from: file, 1-based entry number, and the byte offset, line and column at which the
/// entry (HAR/NDJSON object, raw message, curl command) starts.
public struct SourceRef: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the user gave it, or `<stdin>`.
    public var file: String
    /// 1-based position of the exchange in the file (HAR entry number, NDJSON record number, transcript number).
    public var entry: Int
    /// Byte offset of the entry's first byte in the file.
    public var offset: Int
    /// 1-based line of the entry's first byte.
    public var line: Int
    /// 1-based UTF-8 byte column of the entry's first byte.
    public var column: Int

    /// Creates a reference.
    /// - Parameters:
    ///   - file: the file name.
    ///   - entry: 1-based entry number.
    ///   - offset: byte offset of the entry.
    ///   - line: 1-based line.
    ///   - column: 1-based column.
    public init(file: String, entry: Int, offset: Int = 0, line: Int = 1, column: Int = 1) {
        self.file = file
        self.entry = entry
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The location of the entry's first byte, optionally with a JSON pointer into the entry.
    public func location(pointer: String? = nil) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column, offset: offset, pointer: pointer)
    }

    /// `file#entry (line:column)`.
    public var description: String { "\(file)#\(entry) (\(line):\(column))" }
}

/// Phase timings of an exchange in milliseconds; nil where the recording says `-1` (unknown) or has no value.
public struct Timings: Sendable, Hashable {
    /// Time spent in a queue waiting for a connection.
    public var blocked: Double?
    /// DNS resolution time.
    public var dns: Double?
    /// Time to open the TCP connection (includes `ssl` in HAR).
    public var connect: Double?
    /// TLS handshake time.
    public var ssl: Double?
    /// Time to send the request.
    public var send: Double?
    /// Time waiting for the first response byte.
    public var wait: Double?
    /// Time to read the response.
    public var receive: Double?

    /// Creates timings; pass nil (or a negative value, normalised to nil) for unknown phases.
    public init(
        blocked: Double? = nil, dns: Double? = nil, connect: Double? = nil, ssl: Double? = nil, send: Double? = nil,
        wait: Double? = nil, receive: Double? = nil
    ) {
        func known(_ v: Double?) -> Double? { v.flatMap { $0 < 0 ? nil : $0 } }
        self.blocked = known(blocked)
        self.dns = known(dns)
        self.connect = known(connect)
        self.ssl = known(ssl)
        self.send = known(send)
        self.wait = known(wait)
        self.receive = known(receive)
    }

    /// Sum of the known phases that HAR counts in `time` (`ssl` is part of `connect` and not added again).
    public var total: Double {
        [blocked, dns, connect, send, wait, receive].reduce(0) { $0 + ($1 ?? 0) }
    }
}

extension Exchange {
    /// The exchange with its request body decoded once (see `HTTPBody.decoded`): checks and rules then share the
    /// bytes instead of unescaping a HAR string for each reader. A response body recorded as a HAR string stays
    /// as recorded: the schema check and the rules that look at every response read its JSON text in place
    /// (`HTTPBody.withRecordedText`), and only a body that needs explaining is decoded.
    public var withDecodedBodies: Exchange {
        var copy = self
        copy.decodeBodies()
        return copy
    }

    /// Decodes the bodies in place, as `withDecodedBodies` returns them.
    public mutating func decodeBodies() {
        if let body = request.body { request.body = body.decoded }
        if let body = response?.body, !body.readsInPlace { response?.body = body.decoded }
    }

    /// The exchange with request and response bodies dropped (headers, timings and source kept): what results keep
    /// of exchanges nobody will quote, so memory does not grow with the bodies of a large input.
    public var withoutBodies: Exchange {
        var copy = self
        copy.dropBodies()
        return copy
    }

    /// Drops the bodies and the parsed entry in place, as `withoutBodies` returns the exchange.
    public mutating func dropBodies() {
        request.body = nil
        response?.body = nil
        record = nil  // the parsed entry holds every byte of it
    }

    /// Keeps what a result with `findings` shows of its bodies, and nothing that holds the recorded entry: a body
    /// stays only when a finding points into it (`/request/body/…`, `/response/body/…`: the text output quotes the
    /// field), decoded and detached from the entry (`HTTPBody.detached`); the parsed entry is dropped. A result
    /// whose findings are all about the request no longer keeps the response body, which is most of an entry.
    mutating func keepBodies(pointedAtBy findings: [Finding]) {
        var requestBody = false
        var responseBody = false
        for i in findings.indices {
            let location = findings[i].location
            if location.hasPrefix("/request/body/") { requestBody = true }
            if location.hasPrefix("/response/body/") { responseBody = true }
        }
        request.body = requestBody ? request.body?.detached : nil
        if let body = response?.body { response?.body = responseBody ? body.detached : nil }
        record = nil
    }
}
