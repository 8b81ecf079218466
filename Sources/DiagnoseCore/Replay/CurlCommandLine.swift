/// Renders a request as the equivalent `curl` command (for `--dry-run`), secrets redacted by default.
///
/// Once the traffic model's `CurlCommand.render` lands, `--dry-run` may use it instead; this one knows the replay
/// conventions (headers in order, `--data-binary` for exact bytes, suppressed `Accept`).
public enum CurlCommandLine {
    /// The command line.
    /// - Parameters:
    ///   - request: the request as it would be sent.
    ///   - redacting: secrets to hide besides credential headers; pass nil to print everything in clear.
    /// - Returns: a shell command (POSIX single-quoting).
    public static func render(_ request: ReplayRequest, redacting secrets: [String]? = []) -> String {
        var parts = ["curl"]
        if request.method != "GET" || request.body != nil { parts += ["-X", quote(request.method)] }
        switch request.httpVersion {
        case .automatic: break
        case .http1_1: parts.append("--http1.1")
        case .http2: parts.append(request.url.hasPrefix("https") ? "--http2" : "--http2-prior-knowledge")
        }
        for header in request.headers where !header.hasName("Content-Length") {
            let value = secrets.map { ReplayRedaction.displayValue(of: header, secrets: $0) } ?? header.value
            parts += ["-H", quote(value.isEmpty ? "\(header.name);" : "\(header.name): \(value)")]
        }
        if request.header("Accept") == nil { parts += ["-H", quote("Accept:")] }
        if let body = request.body {
            if let text = String(validating: body, as: UTF8.self), !text.utf8.contains(0) {
                let shown = secrets.map { ReplayRedaction.redactBody(body, mediaType: request.header("Content-Type"), secrets: $0) } ?? text
                parts += ["--data-binary", quote(shown)]
            } else {
                parts += ["--data-binary", "@-", "#", "(\(body.count) binary bytes on standard input)"]
            }
        }
        let url = secrets.map { ReplayRedaction.redactText(request.url, secrets: $0) } ?? request.url
        parts.append(quote(url))
        return parts.joined(separator: " ")
    }

    /// POSIX shell single-quoting.
    static func quote(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=@,+%".contains($0)) }
        if safe && !text.isEmpty { return text }
        return "'" + text.replacing("'", with: #"'\''"#) + "'"
    }
}
