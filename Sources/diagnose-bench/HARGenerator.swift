import Foundation

/// Writes deterministic, Stripe-like HAR files of a requested size straight to disk (never held in memory).
///
/// Entries mix form-encoded POSTs and GETs with query strings, bearer or basic credentials, idempotency keys,
/// JSON response bodies as escaped text (as browsers and proxies record them), and timings.
enum HARGenerator {
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var x = state
            x ^= x >> 33
            x = x &* 0xff51_afd7_ed55_8ccd
            x ^= x >> 33
            return x
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func id(_ prefix: String) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            var s = prefix + "_"
            for _ in 0..<14 { s.append(alphabet[int(alphabet.count)]) }
            return s
        }
    }

    /// Returns the path of a cached generated HAR of about `megabytes` MB, generating it if needed.
    static func file(megabytes: Int, seed: UInt64 = 42) throws -> URL {
        let url = Measure.dataDirectory.appendingPathComponent("generated-\(megabytes)MB-\(seed).har")
        if FileManager.default.fileExists(atPath: url.path) { return url }
        let tmp = url.appendingPathExtension("partial")
        _ = FileManager.default.createFile(atPath: tmp.path, contents: nil)
        let handle = try FileHandle(forWritingTo: tmp)
        var rng = RNG(state: seed)
        var buffer = ""
        buffer.reserveCapacity(1 << 22)
        buffer += "{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\"name\": \"diagnose-bench\", \"version\": \"1\"},\n    \"entries\": [\n"
        var written = 0
        let target = megabytes * 1_000_000
        var index = 0
        while written + buffer.utf8.count < target {
            if index > 0 { buffer += ",\n" }
            buffer += entry(index, &rng)
            index += 1
            if buffer.utf8.count > 1 << 22 {
                written += buffer.utf8.count
                handle.write(buffer.data(using: .utf8)!)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer += "\n    ]\n  }\n}\n"
        handle.write(buffer.data(using: .utf8)!)
        try handle.close()
        try FileManager.default.moveItem(at: tmp, to: url)
        return url
    }

    static func entry(_ i: Int, _ rng: inout RNG) -> String {
        let customer = rng.id("cus")
        let isPost = rng.int(3) == 0
        let amount = 100 + rng.int(100_000)
        let path = isPost ? "/v1/payment_intents" : "/v1/customers/\(customer)"
        let query = isPost ? "" : "?expand[]=default_source&expand[]=invoice_settings.default_payment_method"
        let body = "amount=\(amount)&currency=usd&customer=\(customer)&metadata[order_id]=\(rng.int(1_000_000))&payment_method_types[]=card"
        let responseObject = """
            {"id": "\(isPost ? rng.id("pi") : customer)", "object": "\(isPost ? "payment_intent" : "customer")", "amount": \(amount), "created": \(1_700_000_000 + i), "currency": "usd", "livemode": false, "metadata": {"order_id": "\(rng.int(1_000_000))"}, "description": "Order \(i) \\u00e9t\\u00e9", "address": {"city": "Berlin", "country": "DE", "line1": "Unter den Linden \(rng.int(100))", "postal_code": "10117"}, "balance": 0, "email": "user\(i)@example.com", "invoice_settings": {"custom_fields": null, "default_payment_method": null, "footer": null}, "preferred_locales": ["en", "de"], "tax_exempt": "none"}
            """
        let escaped = responseObject.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let headers = """
            {"name": "Host", "value": "api.stripe.com"}, {"name": "User-Agent", "value": "Stripe/v1 RubyBindings/10.1.0"}, {"name": "Authorization", "value": "Bearer sk_test_FAKE\(String(i, radix: 16))xxxxxxxxxxxxxxxx"}, {"name": "Stripe-Version", "value": "2022-11-15"}, {"name": "Accept", "value": "application/json"}, {"name": "Idempotency-Key", "value": "\(rng.id("idem"))"}
            """
        let postData =
            isPost
            ? ", \"postData\": {\"mimeType\": \"application/x-www-form-urlencoded\", \"text\": \"\(body)\"}" : ""
        return """
                  {
                    "startedDateTime": "2024-05-01T12:\(String(format: "%02d", (i / 60) % 60)):\(String(format: "%02d", i % 60)).123Z",
                    "time": \(20 + rng.int(400)).5,
                    "request": {"method": "\(isPost ? "POST" : "GET")", "url": "https://api.stripe.com\(path)\(query)", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [\(headers)], "queryString": [], "headersSize": -1, "bodySize": \(isPost ? body.utf8.count : 0)\(postData)},
                    "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [{"name": "Content-Type", "value": "application/json"}, {"name": "Request-Id", "value": "\(rng.id("req"))"}, {"name": "Stripe-Version", "value": "2022-11-15"}], "content": {"size": \(responseObject.utf8.count), "mimeType": "application/json", "text": "\(escaped)"}, "redirectURL": "", "headersSize": -1, "bodySize": \(responseObject.utf8.count)},
                    "cache": {},
                    "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0.1, "wait": \(15 + rng.int(300)).2, "receive": 0.4},
                    "serverIPAddress": "54.187.174.169"
                  }
            """
    }
}
