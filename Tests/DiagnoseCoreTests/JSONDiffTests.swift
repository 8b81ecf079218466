import DiagnoseCore
import DiagnoseTestSupport
import Testing

private func json(_ text: String) throws -> Node {
    try JSONParser.parse(text).root
}

private func pointer(_ text: String) throws -> JSONPointer { try JSONPointer(parsing: text) }

@Suite("Structural JSON diff")
struct JSONDiffTests {
    @Test func equalValuesHaveNoChanges() throws {
        let a = try json(#"{"a":1,"b":[true,null,"x"],"c":{"d":1.0}}"#)
        let b = try json(#"{"c":{"d":1},"b":[true,null,"x"],"a":1.00}"#)
        #expect(JSONDiff.diff(a, b).isEmpty)
    }

    @Test func reportsChangedAddedRemovedAndTypeChanged() throws {
        let old = try json(#"{"amount":100,"paid":true,"gone":"x","list":[1,2,3],"nested":{"k":"a"}}"#)
        let new = try json(#"{"amount":250,"paid":"yes","list":[1,5],"nested":{"k":"b","n":null},"extra":[1]}"#)
        let changes = JSONDiff.diff(old, new)
        #expect(
            changes == [
                .changed(try pointer("/amount"), old: "100", new: "250"),
                .typeChanged(try pointer("/paid"), old: .bool, new: .string),
                .removed(try pointer("/gone"), value: #""x""#),
                .changed(try pointer("/list/1"), old: "2", new: "5"),
                .removed(try pointer("/list/2"), value: "3"),
                .changed(try pointer("/nested/k"), old: #""a""#, new: #""b""#),
                .added(try pointer("/nested/n"), value: "null"),
                .added(try pointer("/extra"), value: "[1]"),
            ])
        #expect(changes[1].description == "type changed /paid: boolean → string")
        #expect(changes[0].description == "changed /amount: 100 → 250")
    }

    @Test func rootScalarChangeUsesTheRootPointer() throws {
        let changes = JSONDiff.diff(try json("1"), try json(#""1""#))
        #expect(changes == [.typeChanged(.root, old: .number, new: .string)])
        #expect(changes[0].description == "type changed (root): number → string")
    }

    @Test(arguments: [
        (#""ch_3NkQ2aLkdIwHu7ix0Jc1AbCd""#, #""ch_3PzZ9qLkdIwHu7ix1Kd2EfGh""#, true),  // same id prefix
        (#""ch_3NkQ2aLkdIwHu7ix0Jc1AbCd""#, #""py_3PzZ9qLkdIwHu7ix1Kd2EfGh""#, false),  // different prefix
        (#""b9f1c7e0-2f7d-4c1e-9d4b-1f2a3b4c5d6e""#, #""0c8e1d2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f""#, true),  // UUIDs
        (#""2024-06-20T10:40:00Z""#, #""2024-11-21T20:40:00.123+01:00""#, true),  // ISO timestamps
        ("1718880000", "1732190000", true),  // epoch seconds within the window
        ("1718880000000", "1732190000000", true),  // epoch milliseconds
        ("2000", "2500", false),  // ordinary numbers
        (#""succeeded""#, #""failed""#, false),  // ordinary strings
    ])
    func volatileValuesUnderAPlainKey(old: String, new: String, volatile: Bool) throws {
        let a = try json(#"{"value":\#(old)}"#)
        let b = try json(#"{"value":\#(new)}"#)
        #expect(JSONDiff.diff(a, b).isEmpty == volatile)
        #expect(JSONDiff.diff(a, b, options: JSONDiff.Options(ignoreVolatile: false)).count == 1)
    }

    @Test func volatileKeysAreIgnoredWhateverTheyHold() throws {
        let a = try json(#"{"created":"yesterday","request_id":"abc","updated_at":5,"request_log_url":"u1"}"#)
        let b = try json(#"{"created":"today","request_id":"xyz","updated_at":6,"request_log_url":"u2"}"#)
        #expect(JSONDiff.diff(a, b).isEmpty)
    }

    @Test func ignorePatternsWithWildcards() throws {
        let a = try json(#"{"data":[{"n":1,"k":"a"},{"n":2,"k":"b"}],"total":2,"more":{"x":1}}"#)
        let b = try json(#"{"data":[{"n":9,"k":"a"},{"n":8,"k":"c"}],"total":3,"more":{"x":2}}"#)
        let options = JSONDiff.Options(
            ignore: [try PointerPattern(parsing: "/data/*/n"), try PointerPattern(parsing: "/more")])
        #expect(
            JSONDiff.diff(a, b, options: options) == [
                .changed(try pointer("/data/1/k"), old: #""b""#, new: #""c""#),
                .changed(try pointer("/total"), old: "2", new: "3"),
            ])
        #expect(try PointerPattern(parsing: "/data/*/n").matches(pointer("/data/7/n/deeper")))
        #expect(try !PointerPattern(parsing: "/data/*/n").matches(pointer("/data/7")))
        #expect(throws: JSONPointer.ParseError.self) { try PointerPattern(parsing: "data") }
    }

    @Test func escapedKeysBuildEscapedPointers() throws {
        let changes = JSONDiff.diff(try json(#"{"a/b":{"c~d":1}}"#), try json(#"{"a/b":{"c~d":2}}"#))
        #expect(changes.map(\.pointer.description) == ["/a~1b/c~0d"])
    }

    @Test func recordedChargeAgainstReplayedCharge() throws {
        let old = try JSONParser.parse(
            SourceText(name: "recorded", bytes: TestPaths.fixture("replay/charge-recorded.json")))
        let new = try JSONParser.parse(
            SourceText(name: "replayed", bytes: TestPaths.fixture("replay/charge-replayed.json")))
        let changes = JSONDiff.diff(old.root, new.root)
        #expect(
            changes.map(\.description) == [
                "changed /amount: 2000 → 2500",
                #"type changed /paid: boolean → string"#,
                #"added /metadata/retry: "1""#,
                #"removed /receipt_url: "https://pay.stripe.com/receipts/abc""#,
            ])
    }
}

@Suite("Header diff")
struct HeaderDiffTests {
    @Test func ignoresVolatileHeadersAndReportsTheRest() {
        let old = [
            ReplayHeader(name: "Date", value: "Thu, 20 Jun 2024 10:40:00 GMT"),
            ReplayHeader(name: "Content-Type", value: "application/json"),
            ReplayHeader(name: "Request-Id", value: "req_Ab12Cd34Ef56Gh"),
            ReplayHeader(name: "Content-Length", value: "1200"),
            ReplayHeader(name: "Stripe-Version", value: "2023-10-16"),
            ReplayHeader(name: "Set-Cookie", value: "__stripe_orig_props=abc; Path=/"),
            ReplayHeader(name: "X-Gone", value: "1"),
        ]
        let new = [
            ReplayHeader(name: "date", value: "Sat, 21 Nov 2026 20:40:00 GMT"),
            ReplayHeader(name: "content-type", value: "application/json"),
            ReplayHeader(name: "request-id", value: "req_Zz98Yy76Xx54Ww"),
            ReplayHeader(name: "content-length", value: "1210"),
            ReplayHeader(name: "stripe-version", value: "2024-06-20"),
            ReplayHeader(name: "set-cookie", value: "__stripe_orig_props=xyz; Path=/"),
            ReplayHeader(name: "X-Stripe-Routing-Context-Priority-Tier", value: "api-testmode"),
        ]
        #expect(
            HeaderDiff.diff(old, new) == [
                .changed(name: "stripe-version", old: "2023-10-16", new: "2024-06-20"),
                .removed(name: "X-Gone", value: "1"),
                .added(name: "X-Stripe-Routing-Context-Priority-Tier", value: "api-testmode"),
            ])
    }

    @Test func setCookieNamesStillCount() {
        let changes = HeaderDiff.diff(
            [ReplayHeader(name: "Set-Cookie", value: "a=1")],
            [ReplayHeader(name: "Set-Cookie", value: "a=2"), ReplayHeader(name: "Set-Cookie", value: "b=3")])
        #expect(changes == [.changed(name: "Set-Cookie", old: "a", new: "a, b")])
    }

    @Test func repeatedHeadersJoinInOrder() {
        let changes = HeaderDiff.diff(
            [ReplayHeader(name: "Vary", value: "Origin"), ReplayHeader(name: "Vary", value: "Accept")],
            [ReplayHeader(name: "Vary", value: "Accept"), ReplayHeader(name: "Vary", value: "Origin")])
        #expect(changes == [.changed(name: "Vary", old: "Origin, Accept", new: "Accept, Origin")])
    }
}

@Suite("Response comparison")
struct ResponseComparisonTests {
    @Test func findsChangedFieldStatusAndAddedHeaderWhileIgnoringIdsAndDates() throws {
        let recorded = ReplayResponse(
            status: 200,
            headers: [
                ReplayHeader(name: "Date", value: "Thu, 20 Jun 2024 10:40:00 GMT"),
                ReplayHeader(name: "Request-Id", value: "req_Ab12Cd34Ef56Gh"),
                ReplayHeader(name: "Content-Type", value: "application/json"),
            ], body: try TestPaths.fixture("replay/charge-recorded.json"))
        let replayed = ReplayResponse(
            status: 402,
            headers: [
                ReplayHeader(name: "Date", value: "Sat, 21 Nov 2026 20:40:00 GMT"),
                ReplayHeader(name: "Request-Id", value: "req_Zz98Yy76Xx54Ww"),
                ReplayHeader(name: "Content-Type", value: "application/json"),
                ReplayHeader(name: "Stripe-Should-Retry", value: "false"),
            ], body: try TestPaths.fixture("replay/charge-replayed.json"))
        let comparison = ResponseComparison.compare(recorded: recorded, replayed: replayed)
        #expect(comparison.status?.recorded == 200)
        #expect(comparison.status?.replayed == 402)
        #expect(comparison.headers == [.added(name: "Stripe-Should-Retry", value: "false")])
        #expect(comparison.body.map(\.pointer.description) == ["/amount", "/paid", "/metadata/retry", "/receipt_url"])
        #expect(!comparison.isEqual)
        #expect(comparison.lines.first == "status changed: 200 → 402")
        #expect(!comparison.lines.contains { $0.hasPrefix("changed header") })
    }

    @Test func identicalResponsesAreEqual() {
        let r = ReplayResponse(status: 200, headers: [ReplayHeader(name: "A", value: "1")], body: Array("{}".utf8))
        let comparison = ResponseComparison.compare(recorded: r, replayed: r)
        #expect(comparison.isEqual)
        #expect(comparison.lines == ["no differences"])
    }

    @Test func nonJSONBodiesGetANote() {
        let comparison = ResponseComparison.compare(
            recorded: ReplayResponse(status: 200, body: Array("<html>a</html>".utf8)),
            replayed: ReplayResponse(status: 200, body: Array("<html>bb</html>".utf8)))
        #expect(comparison.bodyNote == "bodies differ and are not JSON (14 bytes recorded, 15 bytes replayed)")
    }

    @Test func headerSecretsAreRedactedInLines() {
        let comparison = ResponseComparison.compare(
            recorded: ReplayResponse(status: 200),
            replayed: ReplayResponse(status: 200, headers: [ReplayHeader(name: "X-Api-Key", value: "sk_test_12345678")])
        )
        #expect(comparison.lines == ["added header X-Api-Key: sk_test_[redacted:2b29]"])
    }
}
