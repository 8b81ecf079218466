import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("SQLite report")
struct ReportSQLiteTests {
    static let t0 = ReportFixtures.t0

    /// Seven exchanges with hand-computed answers to the ready queries (see each test).
    static func known() -> [ExchangeRecord] {
        func rec(
            _ seq: Int, _ op: String?, _ offset: Double, _ status: Int?, _ ms: Double?, _ client: String?,
            _ ua: String?,
            _ findings: [(String, Diagnostic.Severity)] = []
        ) -> ExchangeRecord {
            let method = op == "createCharge" ? "POST" : "GET"
            return ExchangeRecord(
                file: "k.har", entry: seq + 1, sequence: seq, startedAt: t0 + offset, method: method,
                host: "api.example.com", path: op == nil ? "/v1/nope" : "/v1/charges", operation: op, status: status,
                durationMs: ms, waitMs: ms.map { $0 / 2 }, client: client, userAgent: ua,
                findings: findings.map { rule, sev in
                    ReportFixtures.finding(
                        rule, sev, "\(rule) in #\(seq + 1)", file: "k.har", entry: seq + 1, method: method,
                        url: "https://api.example.com/v1/charges", location: "/request/body",
                        spec: .init(file: "openapi.yaml", line: 12, column: 5, pointer: "#/paths"))
                })
        }
        let json = "encoding.json-body-on-form-endpoint"
        return [
            rec(0, "createCharge", 0, 200, 100, "sk_A", "shop/1"),
            rec(1, "createCharge", 3600, 400, 200, "sk_A", "shop/1", [(json, .error)]),
            rec(2, "createCharge", 4000, 200, 300, "sk_B", "crm/2", [(json, .error), (json, .error)]),
            rec(3, "createCharge", 5000, 500, 400, "sk_B", "crm/2"),
            rec(4, "getCharge", 6000, 200, 50, "sk_A", "shop/1"),
            rec(5, "getCharge", 7200, nil, nil, "sk_A", "shop/1", [("request.param-unknown", .warning)]),
            rec(6, nil, 1000, 404, 10, nil, nil, [("request.no-operation", .info)]),
        ]
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diagnose-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func database(_ records: [ExchangeRecord], in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("out.db").path
        let writer = try SQLiteReportWriter(path: path)
        for r in records { try writer.add(r) }
        try writer.finish(options: ReportFixtures.options)
        return path
    }

    @Test func schemaTablesIndexesAndRows() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.database(Self.known(), in: dir)
        let tables = try SQLiteReportWriter.query(
            database: db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        #expect(tables == [["exchanges"], ["findings"], ["rules"], ["schema_version"]])
        let indexes = try SQLiteReportWriter.query(
            database: db,
            sql: "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        #expect(
            indexes == [
                ["exchanges_client", "exchanges"], ["exchanges_endpoint_time", "exchanges"],
                ["exchanges_time", "exchanges"], ["findings_exchange", "findings"], ["findings_rule", "findings"],
            ])
        #expect(try SQLiteReportWriter.query(database: db, sql: "SELECT version FROM schema_version") == [["1"]])
        #expect(try SQLiteReportWriter.query(database: db, sql: "SELECT COUNT(*) FROM exchanges") == [["7"]])
        #expect(try SQLiteReportWriter.query(database: db, sql: "SELECT COUNT(*) FROM findings") == [["5"]])
        let noResponse = try SQLiteReportWriter.query(
            database: db, sql: "SELECT source, status, duration_ms, endpoint FROM exchanges WHERE id = 5")
        #expect(noResponse == [["k.har#6", nil, nil, "getCharge"]])
        let unmatched = try SQLiteReportWriter.query(
            database: db, sql: "SELECT operation, endpoint, client FROM exchanges WHERE id = 6")
        #expect(unmatched == [[nil, "GET api.example.com (unmatched)", nil]])
        let rules = try SQLiteReportWriter.query(
            database: db, sql: "SELECT id, title, severity, help_uri, findings FROM rules ORDER BY id")
        #expect(
            rules == [
                [
                    "encoding.json-body-on-form-endpoint", "JSON body sent to a form-encoded endpoint", "error",
                    "https://diagnose.dev/kb/encoding.json-body-on-form-endpoint", "3",
                ],
                [
                    "request.no-operation", "request.no-operation", "info",
                    "https://diagnose.dev/kb/request.no-operation", "1",
                ],
                [
                    "request.param-unknown", "Unknown parameter", "warning",
                    "https://diagnose.dev/kb/request.param-unknown", "1",
                ],
            ])
        let finding = try SQLiteReportWriter.query(
            database: db,
            sql: "SELECT exchange_id, rule, severity, pointer, spec_file, spec_line FROM findings WHERE exchange_id = 6"
        )
        #expect(finding == [["6", "request.no-operation", "info", "/request/body", "openapi.yaml", "12"]])
        // The query planner uses the rule index for the support question.
        let plan = try SQLiteReportWriter.query(
            database: db, sql: "EXPLAIN QUERY PLAN SELECT * FROM findings WHERE rule = 'x'")
        #expect(plan.contains { $0.last??.contains("findings_rule") == true })
    }

    @Test func errorRatePerEndpointLastHour() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.database(Self.known(), in: dir)
        // Last hour = 13:00..14:00: createCharge #2 400, #3 200, #4 500; getCharge #5 200, #6 no response.
        #expect(
            try SQLiteReportWriter.query(database: db, sql: ReadyQueries.errorRatePerEndpointLastHour)
                == [["createCharge", "3", "2", "66.7"], ["getCharge", "2", "1", "50.0"]])
    }

    @Test func topFailingIntegrations() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.database(Self.known(), in: dir)
        #expect(
            try SQLiteReportWriter.query(database: db, sql: ReadyQueries.topFailingIntegrations)
                == [
                    ["sk_A", "shop/1", "4", "2", "2", "1"],
                    ["sk_B", "crm/2", "2", "2", "1", "1"],
                    ["-", "-", "1", "1", "1", "0"],
                ])
    }

    @Test func p95LatencyPerEndpoint() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.database(Self.known(), in: dir)
        #expect(
            try SQLiteReportWriter.query(database: db, sql: ReadyQueries.p95LatencyPerEndpoint)
                == [
                    ["createCharge", "4", "400.0"], ["getCharge", "1", "50.0"],
                    ["GET api.example.com (unmatched)", "1", "10.0"],
                ])
    }

    @Test func p95QueryAgreesWithTheReportOnGeneratedData() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = ReportFixtures.generated(count: 1500)
        let db = try Self.database(records, in: dir)
        let report = ReportFixtures.report(records).normalized()
        let rows = try SQLiteReportWriter.query(database: db, sql: ReadyQueries.p95LatencyPerEndpoint)
        #expect(rows.count == report.endpoints.values.filter { !$0.latencies.isEmpty }.count)
        for row in rows {
            let endpoint = try #require(report.endpoints[row[0]!])
            #expect(Double(row[2]!) == endpoint.latency(percentile: 95))
            #expect(Int(row[1]!) == endpoint.latencies.count)
        }
    }

    @Test func customersHittingJSONOnFormEndpoint() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.database(Self.known(), in: dir)
        #expect(
            try SQLiteReportWriter.query(database: db, sql: ReadyQueries.customersHittingJSONOnFormEndpoint)
                == [
                    ["sk_B", "crm/2", "1", "2", "2024-05-01T13:06:40Z", "2024-05-01T13:06:40Z"],
                    ["sk_A", "shop/1", "1", "1", "2024-05-01T13:00:00Z", "2024-05-01T13:00:00Z"],
                ])
        #expect(ReadyQueries.all.count == 4)
    }

    @Test func refusesToOverwriteAnInput() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("trace.har")
        try "{\"log\":{}}".write(to: input, atomically: true, encoding: .utf8)
        let error = #expect(throws: DiagnoseFailure.self) {
            _ = try SQLiteReportWriter(path: input.path, inputs: [input.path])
        }
        #expect(error?.message.contains("it is one of the input files") == true)
        #expect(error?.help?.contains("--sqlite") == true)
        // Another spelling of the same file is caught too.
        let spelled = dir.appendingPathComponent("sub/../trace.har").path
        #expect(throws: DiagnoseFailure.self) { _ = try SQLiteReportWriter(path: spelled, inputs: [input.path]) }
        #expect(try String(contentsOf: input, encoding: .utf8) == "{\"log\":{}}")
    }

    @Test func replacesAnOldOutputAndHonoursTheUmask() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.db").path
        try "not a database".write(toFile: path, atomically: true, encoding: .utf8)
        let mask = umask(0o027)
        defer { umask(mask) }
        let writer = try SQLiteReportWriter(path: path)
        try writer.add(Self.known()[0])
        try writer.finish()
        #expect(try SQLiteReportWriter.query(database: path, sql: "SELECT COUNT(*) FROM exchanges") == [["1"]])
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o027 == 0, "mode \(String(mode, radix: 8)) ignores umask 027")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func failuresAreClear() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = #expect(throws: DiagnoseFailure.self) {
            _ = try SQLiteReportWriter(path: dir.appendingPathComponent("no/such/dir/out.db").path)
        }
        #expect(missing?.message.contains("cannot create SQLite database") == true)
        #expect(missing?.help != nil)

        let writer = try SQLiteReportWriter(path: dir.appendingPathComponent("dup.db").path)
        try writer.add(Self.known()[0])
        let duplicate = #expect(throws: DiagnoseFailure.self) { try writer.add(Self.known()[0]) }
        #expect(duplicate?.message.contains("k.har#1") == true)

        let badSQL = #expect(throws: DiagnoseFailure.self) {
            _ = try SQLiteReportWriter.query(database: dir.appendingPathComponent("nope.db").path, sql: "SELECT 1")
        }
        #expect(badSQL?.message.contains("cannot open SQLite database") == true)
    }

    @Test(.tags(.slow)) func writesManyExchangesQuickly() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = ReportFixtures.generated(count: 20_000)
        let start = Date()
        let db = try Self.database(records, in: dir)
        let seconds = Date().timeIntervalSince(start)
        #expect(try SQLiteReportWriter.query(database: db, sql: "SELECT COUNT(*) FROM exchanges") == [["20000"]])
        #expect(seconds < 30, "20,000 exchanges took \(seconds) s")
        print("ReportSQLiteTests: 20,000 exchanges written in \(Int(seconds * 1000)) ms")
    }
}
