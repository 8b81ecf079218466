/// The query and form-body pairs of one request, split and percent-decoded on first use and shared by the spec
/// checks and the integration rules of the exchange: each would otherwise decode the same text again (three or four
/// times per exchange). Used by one thread at a time: the worker checking the exchange, then the in-order consumer.
final class RequestForms: @unchecked Sendable {
    /// The two parts of the request read here (a copy of the whole request retained each of its strings).
    private let rawQuery: String?
    private let requestBody: HTTPBody?
    private var query: [FormPair]?
    private var body: [FormPair]?

    init(_ request: HTTPRequest) {
        rawQuery = request.rawQuery
        requestBody = request.body
    }

    /// The query string's pairs, in order (none without a query).
    var queryPairs: [FormPair] {
        if let query { return query }
        let pairs = FormDecoding.pairs(rawQuery ?? "")
        query = pairs
        return pairs
    }

    /// Forgets the body's pairs (read again on demand): see `RuleContextMemo.shed()`.
    func shedBody() { body = nil }

    /// The request body read as a form, whatever its declared type (callers decide whether it is one).
    var bodyPairs: [FormPair] {
        if let body { return body }
        let pairs = FormDecoding.pairs(String(decoding: requestBody?.bytes ?? [], as: UTF8.self))
        body = pairs
        return pairs
    }
}
