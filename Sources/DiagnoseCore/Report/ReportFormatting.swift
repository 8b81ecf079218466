// Locale-free number and time formatting shared by the report renderers: the same value always prints the same
// bytes (no `String(format:)`, no locale, no time zone other than UTC).

enum ReportFormatting {
    /// `value` rounded half away from zero to `digits` decimals, e.g. `fixed(12.345, 1)` = `12.3`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return String(value) }
        let n = Int64(scaled)
        let negative = value < 0 && n != 0
        let s = String(n)
        guard digits > 0 else { return (negative ? "-" : "") + s }
        let padded = String(repeating: "0", count: max(0, digits + 1 - s.count)) + s
        let cut = padded.index(padded.endIndex, offsetBy: -digits)
        return (negative ? "-" : "") + padded[..<cut] + "." + padded[cut...]
    }

    /// A latency in ms: integers below 10 s get one decimal (`812.4`), nil becomes `-`.
    static func ms(_ value: Double?) -> String {
        guard let value else { return "-" }
        return fixed(value, value >= 10_000 ? 0 : 1)
    }

    /// A ratio as a percentage with one decimal, e.g. `12.5%`.
    static func percent(_ ratio: Double) -> String { fixed(ratio * 100, 1) + "%" }

    /// Epoch seconds as ISO 8601 UTC with milliseconds, e.g. `2024-05-01T12:00:00.250Z`.
    static func iso8601(_ epoch: Double) -> String {
        let totalMs = Int64((epoch * 1000).rounded(.toNearestOrAwayFromZero))
        let ms = Int(((totalMs % 1000) + 1000) % 1000)
        let seconds = (totalMs - Int64(ms)) / 1000
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        // Civil-from-days (proleptic Gregorian calendar), from Howard Hinnant's published algorithm description.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        func three(_ v: Int) -> String { v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rem / 3600)):\(two(rem % 3600 / 60)):\(two(rem % 60))."
            + "\(three(ms))Z"
    }

    /// A JSON number for a double that reads back to the same double (shortest round-trip form).
    static func jsonNumber(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A JSON number or `null`.
    static func jsonNumber(_ value: Double?) -> String { value.map(jsonNumber) ?? "null" }

    /// A quoted JSON string or `null`.
    static func jsonString(_ value: String?) -> String { value.map(JSONSerializer.quote) ?? "null" }

    /// Pads on the right to `width` characters.
    static func padRight(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    /// Pads on the left to `width` characters.
    static func padLeft(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : String(repeating: " ", count: width - n) + s
    }
}
