/*
 curl command lines, both ways.

 Parsing reproduces the request curl would send for the options that shape a request (method, URL, headers,
 data, form, user, cookies, agent, referer, `-G`, `--json`) and reports every option it does not know. It does not
 add the headers curl adds on its own (`Host`, `User-Agent`, `Accept` for any type, `Content-Length`): the model holds
 what the command says. The exception is `Content-Type`, which `-d`, `--json` and `-F` imply, as curl does, unless
 `-H 'Content-Type:'` removes it.

 Rendering writes one option per line with backslash continuations, every header with `-H`, the body with
 `--data-binary` (exact bytes; `$'…'` quoting when they are not printable) so that parsing the output gives back
 the same request. With redaction on, credentials become environment variable references in double quotes
 (`-H "Authorization: Bearer $STRIPE_API_KEY"`) and a comment says which variables to set.
*/

/// Parses and renders curl command lines.
public enum CurlCommand {
    private static let argOptions: [String: String] = [
        "-X": "--request", "-H": "--header", "-d": "--data", "-F": "--form", "-u": "--user", "-b": "--cookie",
        "-A": "--user-agent", "-e": "--referer", "-o": "--output", "-w": "--write-out", "-m": "--max-time",
        "-x": "--proxy", "-c": "--cookie-jar", "-T": "--upload-file", "-r": "--range", "-y": "--speed-time",
        "-Y": "--speed-limit", "-K": "--config", "-E": "--cert", "-D": "--dump-header", "-C": "--continue-at",
        "-U": "--proxy-user", "-z": "--time-cond",
    ]
    private static let flagOptions: [String: String] = [
        "-G": "--get", "-I": "--head", "-k": "--insecure", "-s": "--silent", "-S": "--show-error",
        "-L": "--location", "-v": "--verbose", "-i": "--include", "-f": "--fail", "-g": "--globoff",
        "-N": "--no-buffer", "-0": "--http1.0", "-4": "--ipv4", "-6": "--ipv6", "-#": "--progress-bar",
        "-n": "--netrc", "-q": "--disable", "-Z": "--parallel", "-O": "--remote-name", "-J": "--remote-header-name",
        "-l": "--list-only", "-j": "--junk-session-cookies", "-R": "--remote-time", "-B": "--use-ascii",
        "-a": "--append", "-1": "--tlsv1", "-2": "--sslv2", "-3": "--sslv3", "-p": "--proxytunnel",
    ]
    private static let longArg: Set<String> = [
        "--request", "--header", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode",
        "--form", "--form-string", "--user", "--cookie", "--user-agent", "--referer", "--url", "--json",
        "--output", "--write-out", "--max-time", "--connect-timeout", "--proxy", "--cacert", "--capath", "--cert",
        "--key", "--cookie-jar", "--retry", "--retry-delay", "--retry-max-time", "--upload-file", "--range",
        "--resolve", "--connect-to", "--limit-rate", "--max-redirs", "--config", "--oauth2-bearer", "--aws-sigv4",
        "--speed-time", "--speed-limit", "--dump-header", "--interface", "--dns-servers", "--cert-type",
        "--key-type", "--pass", "--proxy-user", "--noproxy", "--unix-socket", "--abstract-unix-socket",
        "--trace", "--trace-ascii", "--stderr", "--url-query", "--variable", "--expand-data", "--expand-url",
        "--expand-header", "--time-cond", "--continue-at", "--max-filesize", "--keepalive-time", "--ciphers",
        "--tls-max", "--pinnedpubkey", "--request-target", "--header-file",
    ]
    private static let longFlag: Set<String> = [
        "--get", "--head", "--insecure", "--compressed", "--silent", "--show-error", "--location", "--verbose",
        "--include", "--fail", "--fail-with-body", "--globoff", "--no-buffer", "--http1.0", "--http1.1", "--http2",
        "--http2-prior-knowledge", "--http3", "--http3-only", "--ipv4", "--ipv6", "--progress-bar", "--netrc",
        "--location-trusted", "--raw", "--tr-encoding", "--no-progress-meter", "--disable", "--path-as-is",
        "--digest", "--basic", "--anyauth", "--ntlm", "--negotiate", "--ssl", "--ssl-reqd", "--tlsv1.2",
        "--tlsv1.3", "--tlsv1", "--parallel", "--remote-name", "--remote-name-all", "--remote-header-name",
        "--no-keepalive", "--tcp-nodelay", "--proxytunnel", "--no-sessionid", "--fail-early", "--styled-output",
        "--no-styled-output", "--create-dirs", "--retry-connrefused", "--retry-all-errors", "--junk-session-cookies",
        "--remote-time", "--post301", "--post302", "--post303", "--no-alpn", "--no-npn", "--false-start",
        "--ssl-no-revoke", "--compressed-ssh", "--list-only", "--append", "--use-ascii", "--show-headers",
    ]

    /// Parses one curl command line into the request it sends.
    /// - Parameters:
    ///   - command: the command text (a leading `$ ` prompt and backslash-newline continuations are fine).
    ///   - file: the name used in locations.
    /// - Returns: the request and the problems found (unknown options, unsupported `@file`, …).
    /// - Throws: `DiagnoseFailure` when the text is not a curl command, a quote is not closed, or no URL is given.
    public static func parse(_ command: String, file: String = "<command>") throws(DiagnoseFailure) -> (
        HTTPRequest, [Diagnostic]
    ) {
        let text = SourceText(name: file, string: command)
        let commands: [ShellWords.Command]
        do {
            commands = try ShellWords.split(text.bytes)
        } catch {
            throw DiagnoseFailure(
                "unterminated \(error.quote) quote in curl command", location: text.location(at: error.offset),
                help: "close the quote; inside single quotes a ' is written '\\''")
        }
        guard let first = commands.first else {
            throw DiagnoseFailure(
                "empty curl command", location: text.location(at: 0),
                help: "paste a command such as curl https://api.example.com/v1/things")
        }
        return try parse(first, text: text)
    }

    /// Parses every curl command in a file (one per line, continuations allowed) into request-only exchanges.
    /// - Parameters:
    ///   - contents: the file's text.
    ///   - file: its name, for locations.
    /// - Returns: exchanges and problems in file order.
    public static func parseFile(_ contents: String, file: String) -> [TraceItem] {
        let text = SourceText(name: file, string: contents)
        let commands: [ShellWords.Command]
        do {
            commands = try ShellWords.split(text.bytes)
        } catch {
            return [
                .problem(
                    TraceDiagnostics.malformedEntry(
                        "unterminated \(error.quote) quote in curl command", at: text.location(at: error.offset),
                        help: "close the quote; inside single quotes a ' is written '\\''"))
            ]
        }
        var items: [TraceItem] = []
        var entry = 0
        for c in commands {
            entry += 1
            let start = text.location(at: c.words.first?.offset ?? c.offset)
            do {
                let (request, problems) = try parse(c, text: text)
                items += problems.map { .problem($0) }
                items.append(
                    .exchange(
                        Exchange(
                            request: request,
                            source: SourceRef(
                                file: file, entry: entry, offset: start.offset, line: start.line, column: start.column))
                    ))
            } catch {
                items.append(
                    .problem(
                        TraceDiagnostics.malformedEntry(
                            "command \(entry): \(error.message)", at: error.location ?? start, help: error.help)))
            }
        }
        return items
    }

    static func parse(_ command: ShellWords.Command, text: SourceText) throws(DiagnoseFailure) -> (
        HTTPRequest, [Diagnostic]
    ) {
        var words = command.words[...]
        if let w = words.first, w.text == "$", !w.quoted { words = words.dropFirst() }
        guard let curl = words.first, curl.text == "curl" || curl.text.hasSuffix("/curl") || curl.text == "curl.exe"
        else {
            throw DiagnoseFailure(
                "not a curl command: it starts with '\(words.first?.text ?? "")'",
                location: text.location(at: words.first?.offset ?? 0),
                help: "the command must start with curl")
        }
        words = words.dropFirst()
        var problems: [Diagnostic] = []
        if let cut = command.cutAt {
            problems.append(
                Diagnostic(
                    id: "curl.ignored-shell", severity: .info,
                    message: "everything from '\(cut.what)' on is shell, not curl, and was ignored",
                    location: text.location(at: cut.offset)))
        }
        var method: String? = nil
        var head = false
        var get = false
        var urls: [String] = []
        var headers: [HTTPHeader] = []
        var removed: Set<String> = []
        var data: [[UInt8]] = []
        var jsonData: [[UInt8]] = []
        var form: [(name: String, value: String)] = []
        var user: String? = nil
        var cookies: [String] = []
        var agent: String? = nil
        var referer: String? = nil
        var compressed = false
        var version = "HTTP/1.1"
        var upload = false
        var oauthBearer: String? = nil
        var dataGiven = false  // -d @file still makes curl POST, even though we cannot read the file

        func location(_ w: ShellWords.Word) -> SourceLocation { text.location(at: w.offset) }

        var queue = Array(words)
        var index = 0
        var endOfOptions = false
        while index < queue.count {
            let w = queue[index]
            index += 1
            let t = w.text
            if endOfOptions || !t.hasPrefix("-") || t == "-" || w.quoted && !t.hasPrefix("-") {
                urls.append(t)
                continue
            }
            if t == "--" {
                endOfOptions = true
                continue
            }
            var name = t
            var attached: [UInt8]? = nil
            if !t.hasPrefix("--") {
                let short = String(t.prefix(2))
                if let long = argOptions[short] {
                    name = long
                    if t.utf8.count > 2 { attached = Array(w.bytes.dropFirst(2)) }
                } else if flagOptions[short] != nil {
                    // A cluster such as -sSLk: each letter a flag, the last may take an argument (-sX POST).
                    var letters = Array(t.dropFirst())
                    var expanded: [ShellWords.Word] = []
                    while !letters.isEmpty {
                        let l = "-" + String(letters.removeFirst())
                        if argOptions[l] != nil {
                            expanded.append(
                                ShellWords.Word(
                                    bytes: Array(l.utf8) + Array(String(letters).utf8), offset: w.offset, quoted: false)
                            )
                            letters = []
                        } else {
                            expanded.append(ShellWords.Word(bytes: Array(l.utf8), offset: w.offset, quoted: false))
                        }
                    }
                    if expanded.count > 1 {
                        queue.replaceSubrange((index - 1)..<index, with: expanded)
                        index -= 1
                        continue
                    }
                    name = flagOptions[short]!
                } else {
                    problems.append(TraceDiagnostics.curlUnknownOption(t, at: location(w)))
                    continue
                }
            }
            if longFlag.contains(name) || flagOptions.values.contains(name) {
                switch name {
                case "--get": get = true
                case "--head": head = true
                case "--compressed": compressed = true
                case "--http1.0": version = "HTTP/1.0"
                case "--http1.1": version = "HTTP/1.1"
                case "--http2", "--http2-prior-knowledge": version = "HTTP/2"
                case "--http3", "--http3-only": version = "HTTP/3"
                case "--digest", "--ntlm", "--negotiate", "--anyauth", "--netrc":
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "'\(t)' authentication cannot be reproduced from the command alone", at: location(w),
                            help: "the request is read without that authentication"))
                default: break
                }
                continue
            }
            guard longArg.contains(name) || argOptions.values.contains(name) else {
                problems.append(TraceDiagnostics.curlUnknownOption(t, at: location(w)))
                continue
            }
            let argBytes: [UInt8]
            if let attached {
                argBytes = attached
            } else {
                guard index < queue.count else {
                    throw DiagnoseFailure(
                        "option '\(t)' needs a value", location: location(w), help: "give a value after \(t)")
                }
                argBytes = queue[index].bytes
                index += 1
            }
            let arg = String(decoding: argBytes, as: UTF8.self)
            if name.hasPrefix("--data") || name == "--json" || name == "--form" || name == "--form-string" {
                dataGiven = true
            }
            switch name {
            case "--request": method = arg
            case "--url": urls.append(arg)
            case "--header":
                if arg.hasPrefix("@") {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "headers read from a file ('\(arg)') cannot be reproduced", at: location(w),
                            help: "paste the headers as -H options"))
                } else if let colon = arg.firstIndex(of: ":") {
                    let n = String(arg[..<colon])
                    let v = String(arg[arg.index(after: colon)...].httpTrimmed)
                    if v.isEmpty && arg.hasSuffix(":") {
                        removed.insert(n.httpLowercased)
                        headers.removeAll { $0.name.equalsIgnoringASCIICase(n) }
                    } else {
                        headers.append(HTTPHeader(name: n, value: v))
                    }
                } else if arg.hasSuffix(";") {
                    headers.append(HTTPHeader(name: String(arg.dropLast()), value: ""))
                } else {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "header '\(arg)' has no ':' and was ignored", at: location(w),
                            help: "write headers as 'Name: value'"))
                }
            case "--data", "--data-ascii", "--data-binary":
                if argBytes.first == UInt8(ascii: "@") {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "'\(t) \(arg)' reads the body from a file, which cannot be reproduced", at: location(w),
                            help: "paste the body inline with --data-binary '...'; the request is read without it"))
                } else {
                    data.append(argBytes)
                }
            case "--data-raw":
                data.append(argBytes)
            case "--data-urlencode":
                if let encoded = urlencodeData(arg) {
                    data.append(Array(encoded.utf8))
                } else {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "'--data-urlencode \(arg)' reads a file, which cannot be reproduced", at: location(w),
                            help: "paste the value inline as name=value"))
                }
            case "--json":
                if argBytes.first == UInt8(ascii: "@") {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "'--json \(arg)' reads the body from a file, which cannot be reproduced", at: location(w),
                            help: "paste the JSON inline"))
                } else {
                    jsonData.append(argBytes)
                }
            case "--form", "--form-string":
                guard let eq = arg.firstIndex(of: "=") else {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "form field '\(arg)' has no '=' and was ignored", at: location(w),
                            help: "write form fields as name=value"))
                    continue
                }
                let value = String(arg[arg.index(after: eq)...])
                if name == "--form", value.hasPrefix("@") || value.hasPrefix("<") {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "form field '\(arg)' uploads a file, which cannot be reproduced; the field is sent empty",
                            at: location(w), help: "use --form-string for a literal value"))
                    form.append((String(arg[..<eq]), ""))
                } else {
                    form.append((String(arg[..<eq]), value))
                }
            case "--user":
                user = arg
                if !arg.contains(":") {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "'-u \(arg)' has no ':', so curl would ask for a password; it is read as an empty password",
                            at: location(w),
                            help: "write -u '\(arg):' (Stripe keys take an empty password) or -u 'user:password'"))
                }
            case "--cookie":
                if arg.contains("=") {
                    cookies.append(arg)
                } else {
                    problems.append(
                        TraceDiagnostics.curlUnsupported(
                            "'-b \(arg)' reads cookies from a file, which cannot be reproduced", at: location(w),
                            help: "pass the cookies inline: -b 'name=value; other=value'"))
                }
            case "--user-agent": agent = arg
            case "--referer": referer = arg
            case "--oauth2-bearer": oauthBearer = arg
            case "--upload-file":
                upload = true
                problems.append(
                    TraceDiagnostics.curlUnsupported(
                        "'-T \(arg)' uploads a file, which cannot be reproduced", at: location(w),
                        help: "the request is read as a PUT without a body"))
            case "--url-query":
                data.append(argBytes)
                problems.append(
                    TraceDiagnostics.curlUnsupported(
                        "--url-query is read as query data", at: location(w), help: "check the resulting URL"))
            case "--config", "--header-file", "--variable", "--aws-sigv4", "--unix-socket", "--request-target":
                problems.append(
                    TraceDiagnostics.curlUnsupported(
                        "'\(t)' cannot be reproduced from the command alone and was ignored", at: location(w),
                        help: "the request may differ from what curl sends"))
            default:
                break  // output, timing, TLS, proxy and retry options do not change the request
            }
        }

        guard var url = urls.first else {
            throw DiagnoseFailure(
                "curl command has no URL", location: text.location(at: command.words.first?.offset ?? 0),
                help: "add the URL, e.g. curl https://api.example.com/v1/things")
        }
        if urls.count > 1 {
            problems.append(
                Diagnostic(
                    id: "curl.several-urls", severity: .warning,
                    message: "the command names \(urls.count) URLs; only the first, '\(url)', was read",
                    location: text.location(at: command.words.first?.offset ?? 0),
                    help: "split it into one command per request"))
        }
        if !url.contains("://") { url = "http://" + url }

        func add(_ name: String, _ value: String) {
            guard !removed.contains(name.httpLowercased), headers.first(named: name) == nil else { return }
            headers.append(HTTPHeader(name: name, value: value))
        }
        if let user {
            let credentials = user.contains(":") ? user : user + ":"
            add("Authorization", "Basic " + TrafficBase64.encode(Array(credentials.utf8)))
        }
        if let oauthBearer { add("Authorization", "Bearer " + oauthBearer) }
        if let agent { add("User-Agent", agent) }
        if let referer { add("Referer", referer.hasSuffix(";auto") ? String(referer.dropLast(5)) : referer) }
        if !cookies.isEmpty { add("Cookie", cookies.joined(separator: "; ")) }
        if compressed { add("Accept-Encoding", "deflate, gzip") }

        var body: [UInt8]? = nil
        var impliedType: String? = nil
        if !jsonData.isEmpty {
            body = jsonData.reduce([], +)
            if !data.isEmpty { body! += [UInt8(ascii: "&")] + joined(data) }
            impliedType = "application/json"
            add("Accept", "application/json")
        } else if !data.isEmpty {
            body = joined(data)
            impliedType = "application/x-www-form-urlencoded"
        } else if !form.isEmpty {
            let boundary = MultipartEncoding.defaultBoundary
            body = Array(
                MultipartEncoding.encode(form.map { HTTPHeader(name: $0.name, value: $0.value) }, boundary: boundary).utf8)
            impliedType = "multipart/form-data; boundary=\(boundary)"
        }
        if get, let b = body {
            url += (url.contains("?") ? "&" : "?") + String(decoding: b, as: UTF8.self)
            body = nil
            impliedType = nil
        }
        if let impliedType { add("Content-Type", impliedType) }

        let resolvedMethod =
            method ?? (head ? "HEAD" : upload ? "PUT" : (body != nil || dataGiven && !get ? "POST" : "GET"))
        var request = HTTPRequest(method: resolvedMethod, url: url, httpVersion: version, headers: headers)
        if let body { request.body = HTTPBody(bytes: body, mediaType: request.header(named: "Content-Type")) }
        return (request, problems)
    }

    static func joined(_ parts: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, p) in parts.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "&")) }
            out += p
        }
        return out
    }

    /// curl's `--data-urlencode` forms: `content`, `=content`, `name=content`; nil for the `@file` forms.
    static func urlencodeData(_ arg: String) -> String? {
        if let eq = arg.firstIndex(of: "=") {
            let name = arg[..<eq]
            let content = String(arg[arg.index(after: eq)...])
            if name.contains("@") { return nil }
            let encoded = HTTPForm.percentEncode(content, spaceAsPlus: false)
            return name.isEmpty ? encoded : "\(name)=\(encoded)"
        }
        if arg.hasPrefix("@") { return nil }
        return HTTPForm.percentEncode(arg, spaceAsPlus: false)
    }

    // MARK: Rendering

    /// Renders a runnable curl command that sends `request` exactly: method, URL, headers in order, body bytes.
    ///
    /// With an active redactor, credential headers become environment variable references and a leading comment
    /// names the variables; other secrets (in the URL or body) are replaced by `[redacted:…]` markers and the
    /// comment says so. With `Redactor(showSecrets: true)` the command is exact, and `parse` gives back the same
    /// request (HTTP/2 pseudo-headers such as `:authority` are not sent by curl and are left out).
    /// - Parameters:
    ///   - request: the request.
    ///   - redactor: the redaction policy (`.default` unless `--show-secrets`).
    /// - Returns: the command text, lines joined with ` \` continuations, ending in a newline.
    public static func render(_ request: HTTPRequest, redactor: Redactor = .default) -> String {
        var lines: [String] = []
        var variables: [(name: String, what: String)] = []
        var seen: [String: String] = [:]  // secret value -> variable
        func variable(for secret: String, kind: SecretKind, header: String) -> String {
            if let v = seen[secret] { return v }
            var base = kind.environmentVariable
            if kind == .namedSecret || kind == .bearerToken {
                base =
                    Redactor.normalize(header).isEmpty
                    ? "SECRET" : header.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
                if header.httpLowercased == "authorization" { base = "API_TOKEN" }
            }
            var name = base
            var k = 2
            while variables.contains(where: { $0.name == name }) {
                name = "\(base)_\(k)"
                k += 1
            }
            seen[secret] = name
            variables.append((name, "\(header): \(kind)"))
            return name
        }

        let url = request.components.scheme == nil ? request.absoluteURL : request.url
        let shownURL = redactor.redactURL(url)
        var methodPart = ""
        let hasBody = request.body != nil
        switch request.method {
        case "GET" where !hasBody, "POST" where hasBody: break
        case "HEAD" where !hasBody: methodPart = " --head"
        default: methodPart = " -X " + ShellWords.quote(Array(request.method.utf8))
        }
        let glob = shownURL.contains { "[]{}".contains($0) } ? " -g" : ""
        lines.append("curl" + methodPart + glob + " " + ShellWords.quote(Array(shownURL.utf8)))

        for h in request.headers where !h.name.hasPrefix(":") {
            if redactor.showSecrets || !Redactor.isSecretHeader(h.name) {
                let value = redactor.showSecrets ? h.value : redactor.redactHeader(name: h.name, value: h.value)
                let text = value.isEmpty ? "\(h.name);" : "\(h.name): \(value)"
                lines.append("-H " + ShellWords.quote(Array(text.utf8)))
                continue
            }
            // A credential: use an environment variable.
            let value = h.value.httpTrimmed
            let lower = h.name.httpLowercased
            if lower == "authorization" || lower == "proxy-authorization", let space = value.firstIndex(of: " ") {
                let scheme = String(value[..<space])
                let credentials = String(value[space...].httpTrimmed)
                if scheme.lowercased() == "basic",
                    let decoded = TrafficBase64.decode(credentials).map({ String(decoding: $0, as: UTF8.self) }),
                    let colon = decoded.firstIndex(of: ":"), lower == "authorization",
                    let kind = Redactor.kind(of: String(decoded[..<colon])),
                    decoded[decoded.index(after: colon)...].isEmpty
                {
                    let v = variable(for: String(decoded[..<colon]), kind: kind, header: h.name)
                    lines.append("-u \"$\(v):\"")
                    continue
                }
                let kind =
                    Redactor.kind(of: credentials)
                    ?? (scheme.lowercased() == "basic" ? .basicCredentials : .bearerToken)
                let v = variable(for: credentials, kind: kind, header: h.name)
                lines.append("-H \"" + ShellWords.doubleQuoted("\(h.name): \(scheme) ") + "$\(v)\"")
                continue
            }
            let kind = Redactor.kind(of: String(value)) ?? .namedSecret
            let v = variable(for: String(value), kind: kind, header: h.name)
            lines.append("-H \"" + ShellWords.doubleQuoted("\(h.name): ") + "$\(v)\"")
        }
        var bodyRedacted = false
        if let body = request.body {
            if request.header(named: "Content-Type") == nil { lines.append("-H 'Content-Type:'") }
            let original = body.bytes
            let bytes =
                redactor.showSecrets
                ? original
                : redactor.redactBody(original, mediaType: body.mediaType ?? request.header(named: "Content-Type"))
            bodyRedacted = bytes != original
            let option = bytes.first == UInt8(ascii: "@") ? "--data-raw" : "--data-binary"
            lines.append(option + " " + ShellWords.quote(bytes))
        }
        var comments: [String] = []
        if !variables.isEmpty {
            comments.append(
                "# secrets replaced by environment variables: "
                    + variables.map { "\($0.name) (\($0.what))" }.joined(separator: ", "))
        }
        if !redactor.showSecrets && (shownURL != url || bodyRedacted) {
            comments.append(
                "# secrets in the \(shownURL != url && bodyRedacted ? "URL and body" : shownURL != url ? "URL" : "body") were replaced by [redacted:…] markers; put the real values back before running"
            )
        }
        if request.body?.isSynthesized == true {
            comments.append(
                "# the recording had only form fields, not the exact body; the body below is rebuilt from them")
        }
        return (comments + [lines.joined(separator: " \\\n  ")]).joined(separator: "\n") + "\n"
    }
}

extension CurlCommand {
    /// `diagnose curl FILE#N`: renders the selected exchanges of a trace as curl commands, each preceded by a
    /// comment naming its entry, separated by blank lines.
    /// - Parameters:
    ///   - argument: the trace argument, possibly with `#N` or `#N-M` (see `TraceSelection.splitPath`).
    ///   - selection: further filters (`--match`, `--status`); its entry range is replaced by the argument's.
    ///   - redactor: `.default`, or `Redactor(showSecrets: true)` for `--show-secrets`.
    /// - Returns: the commands text and the problems met while reading.
    /// - Throws: `DiagnoseFailure` when the trace cannot be read, or the selection matches nothing.
    public static func export(
        _ argument: String, selection: TraceSelection = TraceSelection(), redactor: Redactor = .default
    )
        throws(DiagnoseFailure) -> (text: String, problems: [Diagnostic])
    {
        let (path, entries) = try TraceSelection.splitPath(argument)
        var s = selection
        if let entries { s.entries = entries }
        let reader = try TraceReader(path: path, options: .init(selection: s))
        var parts: [String] = []
        var problems: [Diagnostic] = []
        for item in reader {
            switch item {
            case .problem(let d): problems.append(d)
            case .exchange(let x):
                let shownURL = redactor.redactURL(x.request.url)
                parts.append(
                    "# \(x.source.file)#\(x.source.entry): \(x.request.method) \(shownURL)\n"
                        + render(x.request, redactor: redactor))
            }
        }
        if parts.isEmpty {
            throw DiagnoseFailure(
                "no exchange of '\(path)' matches \(entries.map { "entry \($0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)")" } ?? "the selection")",
                help: "list the entries first, or check the numbers (they start at 1)")
        }
        return (parts.joined(separator: "\n"), problems)
    }
}
