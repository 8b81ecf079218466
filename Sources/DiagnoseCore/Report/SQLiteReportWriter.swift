// `--sqlite out.db`: every exchange and finding in an SQLite database, written incrementally (memory stays
// bounded whatever the input size). The only file that calls SQLite.
//
// Schema (version 1; `ReadyQueries` holds ready SQL for common support questions):
//
//   schema_version(version)
//   exchanges(id = global sequence, file, entry, source 'file#entry', method, host, path, operation, endpoint,
//             status (NULL = no response), started_at (epoch s, UTC), duration_ms, wait_ms, client, user_agent)
//   findings(id, exchange_id → exchanges.id, rule, severity, pointer, message, expected, found, hint, kb,
//            spec_file, spec_line, spec_pointer)
//   rules(id, title, severity (highest seen), help_uri, findings)
//   indexes: exchanges(endpoint, started_at), exchanges(started_at), exchanges(client, user_agent),
//            findings(rule, exchange_id), findings(exchange_id)
//
// The database is built in a temporary file next to the target (created with the user's umask) inside one
// transaction with prepared statements; indexes are created at the end (faster than maintaining them), then the
// file is renamed over the target. The target may never be one of the input files.

internal import CSQLite
import Foundation

/// Writes scanned exchanges and findings into a new SQLite database, record by record.
public final class SQLiteReportWriter {
    /// The schema version stored in `schema_version`.
    public static let schemaVersion = 1

    private var db: OpaquePointer?
    private var insertExchange: OpaquePointer?
    private var insertFinding: OpaquePointer?
    private let path: String
    private let temporaryPath: String
    private var rules: [String: (severity: Diagnostic.Severity, count: Int)] = [:]
    private var finished = false

    /// Starts a database at `path`.
    /// - Parameters:
    ///   - path: the database file to create (replaced when `finish` succeeds).
    ///   - inputs: the input files, which the database must not overwrite.
    /// - Throws: `DiagnoseFailure` when `path` is an input, or SQLite cannot create the file.
    public init(path: String, inputs: [String] = []) throws(DiagnoseFailure) {
        self.path = path
        self.temporaryPath = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let target = SQLiteReportWriter.identity(path)
        for input in inputs {
            let same =
                URL(fileURLWithPath: input).standardizedFileURL.path
                == URL(fileURLWithPath: path).standardizedFileURL.path
            if same || (target != nil && SQLiteReportWriter.identity(input) == target) {
                throw DiagnoseFailure(
                    "refusing to write the SQLite database to '\(path)': it is one of the input files",
                    help: "choose another path for --sqlite")
            }
        }
        try? FileManager.default.removeItem(atPath: temporaryPath)
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(temporaryPath, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        db = handle
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            db = nil
            throw DiagnoseFailure(
                "cannot create SQLite database '\(path)': \(message)",
                help: "check that the folder exists and is writable")
        }
        try exec(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            BEGIN;
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version VALUES (\(SQLiteReportWriter.schemaVersion));
            CREATE TABLE exchanges (
              id INTEGER PRIMARY KEY, file TEXT NOT NULL, entry INTEGER NOT NULL, source TEXT NOT NULL,
              method TEXT NOT NULL, host TEXT NOT NULL, path TEXT NOT NULL, operation TEXT, endpoint TEXT NOT NULL,
              status INTEGER, started_at REAL, duration_ms REAL, wait_ms REAL, client TEXT, user_agent TEXT);
            CREATE TABLE findings (
              id INTEGER PRIMARY KEY, exchange_id INTEGER NOT NULL REFERENCES exchanges(id), rule TEXT NOT NULL,
              severity TEXT NOT NULL, pointer TEXT NOT NULL, message TEXT NOT NULL, expected TEXT, found TEXT,
              hint TEXT, kb TEXT, spec_file TEXT, spec_line INTEGER, spec_pointer TEXT);
            CREATE TABLE rules (
              id TEXT PRIMARY KEY, title TEXT NOT NULL, severity TEXT NOT NULL, help_uri TEXT NOT NULL,
              findings INTEGER NOT NULL);
            """)
        insertExchange = try prepare(
            "INSERT INTO exchanges (id, file, entry, source, method, host, path, operation, endpoint, status, "
                + "started_at, duration_ms, wait_ms, client, user_agent) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
        insertFinding = try prepare(
            "INSERT INTO findings (exchange_id, rule, severity, pointer, message, expected, found, hint, kb, "
                + "spec_file, spec_line, spec_pointer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
    }

    deinit {
        sqlite3_finalize(insertExchange)
        sqlite3_finalize(insertFinding)
        sqlite3_close(db)
        if !finished { try? FileManager.default.removeItem(atPath: temporaryPath) }
    }

    /// Adds one exchange and its findings.
    /// - Parameter record: the exchange (its `sequence` becomes `exchanges.id` and must be unique).
    /// - Throws: `DiagnoseFailure` when SQLite fails (disk full, duplicate sequence).
    public func add(_ record: ExchangeRecord) throws(DiagnoseFailure) {
        let s = insertExchange
        sqlite3_reset(s)
        sqlite3_clear_bindings(s)
        sqlite3_bind_int64(s, 1, Int64(record.sequence))
        bind(s, 2, record.file)
        sqlite3_bind_int64(s, 3, Int64(record.entry))
        bind(s, 4, "\(record.file)#\(record.entry)")
        bind(s, 5, record.method)
        bind(s, 6, record.host)
        bind(s, 7, record.path)
        bind(s, 8, record.operation)
        bind(s, 9, record.endpointKey)
        if let status = record.status, status > 0 { sqlite3_bind_int64(s, 10, Int64(status)) }
        bind(s, 11, record.startedAt)
        bind(s, 12, record.durationMs)
        bind(s, 13, record.waitMs)
        bind(s, 14, record.client)
        bind(s, 15, record.userAgent)
        try step(s, "exchange \(record.file)#\(record.entry)")
        for f in record.findings {
            let fs = insertFinding
            sqlite3_reset(fs)
            sqlite3_clear_bindings(fs)
            sqlite3_bind_int64(fs, 1, Int64(record.sequence))
            bind(fs, 2, f.rule)
            bind(fs, 3, f.severity.rawValue)
            bind(fs, 4, f.location)
            bind(fs, 5, f.message)
            bind(fs, 6, f.expected)
            bind(fs, 7, f.found)
            bind(fs, 8, f.hint)
            bind(fs, 9, f.kb)
            bind(fs, 10, f.spec?.file)
            if let line = f.spec?.line, line > 0 { sqlite3_bind_int64(fs, 11, Int64(line)) }
            bind(fs, 12, f.spec?.pointer)
            try step(fs, "finding \(f.rule) of \(record.file)#\(record.entry)")
            var rule = rules[f.rule] ?? (f.severity, 0)
            rule.severity = max(rule.severity, f.severity)
            rule.count += 1
            rules[f.rule] = rule
        }
    }

    /// Writes the rules table and indexes, commits, and moves the database into place.
    /// - Parameter options: rule titles and help URIs.
    /// - Throws: `DiagnoseFailure` when SQLite or the final rename fails.
    public func finish(options: RenderOptions = RenderOptions()) throws(DiagnoseFailure) {
        guard !finished else { return }
        let s = try prepare("INSERT INTO rules (id, title, severity, help_uri, findings) VALUES (?1, ?2, ?3, ?4, ?5)")
        defer { sqlite3_finalize(s) }
        for (id, rule) in rules.sorted(by: { $0.key < $1.key }) {
            sqlite3_reset(s)
            bind(s, 1, id)
            bind(s, 2, options.title(for: id))
            bind(s, 3, rule.severity.rawValue)
            bind(s, 4, options.helpURI(for: id))
            sqlite3_bind_int64(s, 5, Int64(rule.count))
            try step(s, "rule \(id)")
        }
        try exec(
            """
            CREATE INDEX exchanges_endpoint_time ON exchanges(endpoint, started_at);
            CREATE INDEX exchanges_time ON exchanges(started_at);
            CREATE INDEX exchanges_client ON exchanges(client, user_agent);
            CREATE INDEX findings_rule ON findings(rule, exchange_id);
            CREATE INDEX findings_exchange ON findings(exchange_id);
            COMMIT;
            """)
        sqlite3_finalize(insertExchange)
        sqlite3_finalize(insertFinding)
        insertExchange = nil
        insertFinding = nil
        sqlite3_close(db)
        db = nil
        finished = true
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw DiagnoseFailure(
                "cannot move the SQLite database into place at '\(path)': \(reason)",
                help: "check that the folder is writable")
        }
    }

    /// Runs a read-only query against a database and returns every row, values as text (NULL as nil).
    /// - Parameters:
    ///   - database: the database file.
    ///   - sql: one SQL statement.
    /// - Returns: the rows.
    /// - Throws: `DiagnoseFailure` when the file cannot be opened or the SQL fails.
    public static func query(database: String, sql: String) throws(DiagnoseFailure) -> [[String?]] {
        var handle: OpaquePointer?
        defer { sqlite3_close(handle) }
        guard sqlite3_open_v2(database, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            throw DiagnoseFailure(
                "cannot open SQLite database '\(database)': "
                    + (handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"),
                help: "check the path")
        }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw DiagnoseFailure(
                "SQL error in '\(database)': \(String(cString: sqlite3_errmsg(handle)))", help: "check the query")
        }
        var rows: [[String?]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DiagnoseFailure(
                    "SQL error in '\(database)': \(String(cString: sqlite3_errmsg(handle)))", help: "check the query")
            }
            let columns = sqlite3_column_count(statement)
            rows.append(
                (0..<columns).map { i in
                    sqlite3_column_type(statement, i) == SQLITE_NULL
                        ? nil : String(cString: sqlite3_column_text(statement, i))
                })
        }
        return rows
    }

    // MARK: SQLite plumbing

    private static func identity(_ path: String) -> [Int]? {
        guard let a = try? FileManager.default.attributesOfItem(atPath: path),
            let device = (a[.systemNumber] as? NSNumber)?.intValue,
            let inode = (a[.systemFileNumber] as? NSNumber)?.intValue
        else { return nil }
        return [device, inode]
    }

    private func errorMessage() -> String {
        db.map { String(cString: sqlite3_errmsg($0)) } ?? "database closed"
    }

    private func exec(_ sql: String) throws(DiagnoseFailure) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw DiagnoseFailure(
                "cannot write SQLite database '\(path)': \(errorMessage())", help: "check free disk space")
        }
    }

    private func prepare(_ sql: String) throws(DiagnoseFailure) -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw DiagnoseFailure("cannot prepare SQLite statement: \(errorMessage())")
        }
        return statement
    }

    private func step(_ statement: OpaquePointer?, _ what: String) throws(DiagnoseFailure) {
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw DiagnoseFailure(
                "cannot write \(what) to SQLite database '\(path)': \(errorMessage())",
                help: "check free disk space; each exchange needs a unique sequence number")
        }
    }

    private func bind(_ s: OpaquePointer?, _ i: Int32, _ value: String?) {
        guard let value else { return }  // cleared bindings are NULL
        sqlite3_bind_text(s, i, value, -1, diagnose_sqlite_transient())
    }

    private func bind(_ s: OpaquePointer?, _ i: Int32, _ value: Double?) {
        guard let value, value.isFinite else { return }
        sqlite3_bind_double(s, i, value)
    }
}
