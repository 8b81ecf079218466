extension OpenAPI {
    /// What `diagnose spec SPEC` prints: title, versions, servers, security schemes, operation counts by tag and
    /// every loading diagnostic, as text, JSON or an operation list.
    public struct SpecSummary: Sendable {
        /// The loaded spec.
        public let document: Document

        /// Creates a summary of a loaded spec.
        public init(_ document: Document) { self.document = document }

        /// Number of error diagnostics.
        public var errorCount: Int { document.diagnostics.count { $0.severity == .error } }
        /// Number of warning diagnostics.
        public var warningCount: Int { document.diagnostics.count { $0.severity == .warning } }

        /// The exit status for `diagnose spec`: 0 when the spec loaded without errors (warnings allowed), 1 when it
        /// loaded with errors. (A spec that could not be loaded throws instead: exit 2.)
        public var exitStatus: Int32 { errorCount > 0 ? 1 : 0 }

        /// Operation counts by tag, in the order tags are declared (then first used); an operation with several
        /// tags counts under each, one without tags under `(untagged)`.
        public var operationsByTag: [(tag: String, count: Int)] {
            var order = document.tags
            var counts: [String: Int] = [:]
            for op in document.operations {
                let tags = op.tags.isEmpty ? ["(untagged)"] : op.tags
                for tag in tags {
                    if counts[tag] == nil && !order.contains(tag) { order.append(tag) }
                    counts[tag, default: 0] += 1
                }
            }
            return order.compactMap { tag in counts[tag].map { (tag, $0) } }
        }

        /// The human-readable summary, ending with a newline.
        public func renderText() -> String {
            let d = document
            var out = "\(d.rootFile): \(d.title.isEmpty ? "(untitled)" : d.title), version \(d.version)"
            out += " (\(d.kind == .swagger2 ? "Swagger" : "OpenAPI") \(d.specVersion))\n"
            out += "servers:\n"
            if d.servers.isEmpty { out += "  / (none declared)\n" }
            for server in d.servers {
                out += "  \(server.url)"
                if !server.variables.isEmpty {
                    out +=
                        "  ("
                        + server.variables.map { v in
                            "\(v.name)=\(v.defaultValue)"
                                + (v.enumValues.map { " of " + $0.joined(separator: "|") } ?? "")
                        }.joined(separator: ", ") + ")"
                }
                out += "\n"
            }
            out += "security schemes:\n"
            if d.securitySchemeNames.isEmpty { out += "  (none)\n" }
            let width = d.securitySchemeNames.map(\.count).max() ?? 0
            for name in d.securitySchemeNames {
                guard let scheme = d.securitySchemes[name] else { continue }
                out += "  \(name.specPadded(width))  \(Self.describe(scheme))\n"
            }
            out += "operations: \(d.operations.count)"
            let deprecated = d.operations.count { $0.deprecated }
            if deprecated > 0 { out += " (\(deprecated) deprecated)" }
            out += "\n"
            let byTag = operationsByTag
            let tagWidth = byTag.map(\.tag.count).max() ?? 0
            for (tag, count) in byTag { out += "  \(tag.specPadded(tagWidth))  \(count)\n" }
            if !d.webhooks.isEmpty { out += "webhooks: \(d.webhooks.count)\n" }
            out += "diagnostics: \(errorCount) error\(errorCount == 1 ? "" : "s"), "
            out += "\(warningCount) warning\(warningCount == 1 ? "" : "s")\n"
            for diagnostic in d.diagnostics { out += Self.render(diagnostic) }
            return out
        }

        /// One operation per line: `METHOD path operationId` in aligned columns (`-` when there is no operationId),
        /// `(deprecated)` appended where it applies.
        public func renderOperations() -> String {
            let width = document.operations.map(\.method.count).max() ?? 0
            let pathWidth = document.operations.map(\.pathTemplate.count).max() ?? 0
            var out = ""
            for op in document.operations {
                out +=
                    "\(op.method.specPadded(width)) \(op.pathTemplate.specPadded(pathWidth)) \(op.operationId ?? "-")"
                if op.deprecated { out += " (deprecated)" }
                out += "\n"
            }
            return out
        }

        /// The same summary as one JSON object (pretty-printed, ending with a newline). Field names are stable:
        /// `formatVersion`, `file`, `openapi`, `kind`, `title`, `version`, `servers`, `securitySchemes`, `tags`,
        /// `operationCount`, `operations` (`method`, `path`, `operationId`, `deprecated`, `tags`), `webhooks`,
        /// `diagnostics` (`id`, `severity`, `message`, `file`, `line`, `column`, `pointer`, `help`), `errors`,
        /// `warnings`.
        public func renderJSON() -> String {
            let d = document
            var fields: [(String, String)] = [
                ("formatVersion", "1"),
                ("file", q(d.rootFile)),
                ("openapi", q(d.specVersion)),
                ("kind", q(d.kind.rawValue)),
                ("title", q(d.title)),
                ("version", q(d.version)),
            ]
            fields.append(
                (
                    "servers",
                    array(
                        d.servers.map { s in
                            object(
                                [
                                    ("url", q(s.url)),
                                    ("description", s.description.map(q) ?? "null"),
                                    (
                                        "variables",
                                        object(
                                            s.variables.map { v in
                                                (
                                                    v.name,
                                                    object(
                                                        [
                                                            ("default", q(v.defaultValue)),
                                                            (
                                                                "enum",
                                                                v.enumValues.map { array($0.map(q), inline: true) }
                                                                    ?? "null"
                                                            ),
                                                        ], indent: 4)
                                                )
                                            }, indent: 3)
                                    ),
                                ], indent: 2)
                        }, indent: 1)
                ))
            fields.append(
                (
                    "securitySchemes",
                    array(
                        d.securitySchemeNames.compactMap { d.securitySchemes[$0] }.map { s in
                            object(
                                [
                                    ("name", q(s.name)),
                                    ("type", q(s.type.rawValue)),
                                    ("scheme", s.scheme.map(q) ?? "null"),
                                    ("in", s.location.map { q($0.rawValue) } ?? "null"),
                                    ("parameterName", s.parameterName.map(q) ?? "null"),
                                ], indent: 2)
                        }, indent: 1)
                ))
            fields.append(
                (
                    "tags",
                    array(
                        operationsByTag.map {
                            object([("name", q($0.tag)), ("operations", String($0.count))], indent: 2)
                        }, indent: 1)
                ))
            fields.append(("operationCount", String(d.operations.count)))
            fields.append(("operations", array(d.operations.map(operationJSON), indent: 1)))
            fields.append(("webhooks", array(d.webhooks.map(operationJSON), indent: 1)))
            fields.append(
                (
                    "diagnostics",
                    array(
                        d.diagnostics.map { g in
                            object(
                                [
                                    ("id", q(g.id)),
                                    ("severity", q(g.severity.rawValue)),
                                    ("message", q(g.message)),
                                    ("file", g.location.map { q($0.file) } ?? "null"),
                                    ("line", g.location.map { String($0.line) } ?? "null"),
                                    ("column", g.location.map { String($0.column) } ?? "null"),
                                    ("pointer", g.location?.pointer.map(q) ?? "null"),
                                    ("help", g.help.map(q) ?? "null"),
                                ], indent: 2)
                        }, indent: 1)
                ))
            fields.append(("errors", String(errorCount)))
            fields.append(("warnings", String(warningCount)))
            return object(fields, indent: 0) + "\n"
        }

        private func operationJSON(_ op: Operation) -> String {
            object(
                [
                    ("method", q(op.method)),
                    ("path", q(op.pathTemplate)),
                    ("operationId", op.operationId.map(q) ?? "null"),
                    ("deprecated", op.deprecated ? "true" : "false"),
                    ("tags", array(op.tags.map(q), inline: true)),
                ], inline: true)
        }

        /// `kind` with its details, e.g. `http bearer`, `apiKey in header 'X-Key'`.
        static func describe(_ scheme: SecurityScheme) -> String {
            switch scheme.type {
            case .http: return "http \(scheme.scheme ?? "")" + (scheme.bearerFormat.map { " (\($0))" } ?? "")
            case .apiKey: return "apiKey in \(scheme.location?.rawValue ?? "?") '\(scheme.parameterName ?? "?")'"
            default: return scheme.type.rawValue
            }
        }

        /// `file:line:column: severity: message [id]` with `help:` and notes, as the loader reports it.
        static func render(_ d: Diagnostic) -> String {
            var out = ""
            if let location = d.location {
                out += "\(location): "
            }
            out += "\(d.severity.rawValue): \(d.message) [\(d.id)]\n"
            if let pointer = d.location?.pointer, !pointer.isEmpty { out += "  at: #\(pointer)\n" }
            for note in d.notes {
                out += "  note: \(note.message)" + (note.location.map { " (\($0))" } ?? "") + "\n"
            }
            if let help = d.help { out += "  help: \(help)\n" }
            return out
        }
    }
}

private func q(_ s: String) -> String { JSONSerializer.quote(s) }

private func object(_ fields: [(String, String)], indent: Int = 0, inline: Bool = false) -> String {
    if fields.isEmpty { return "{}" }
    if inline { return "{" + fields.map { "\(q($0.0)): \($0.1)" }.joined(separator: ", ") + "}" }
    let pad = String(repeating: "  ", count: indent + 1)
    let close = String(repeating: "  ", count: indent)
    return "{\n" + fields.map { "\(pad)\(q($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n\(close)}"
}

private func array(_ items: [String], indent: Int = 0, inline: Bool = false) -> String {
    if items.isEmpty { return "[]" }
    if inline { return "[" + items.joined(separator: ", ") + "]" }
    let pad = String(repeating: "  ", count: indent + 1)
    let close = String(repeating: "  ", count: indent)
    return "[\n" + items.map { pad + $0 }.joined(separator: ",\n") + "\n\(close)]"
}

extension String {
    func specPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
