/// A small ISO 8601 / RFC 3339 date-time parser (no Foundation formatters: they are slow and allocate).
enum ISO8601Timestamp {
    /// Seconds since the Unix epoch for `2023-03-30T04:39:18.981Z`, `…+02:00`, `…-0700`, or nil.
    static func parse(_ s: String) -> Double? {
        let b = Array(s.utf8)
        func num(_ i: Int, _ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = b[k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard let year = num(0, 4), b.count >= 19, b[4] == 0x2D, let month = num(5, 2), b[7] == 0x2D,
            let day = num(8, 2), b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20, let hour = num(11, 2),
            b[13] == 0x3A, let minute = num(14, 2), b[16] == 0x3A, let second = num(17, 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < b.count {
            switch b[i] {
            case 0x5A, 0x7A: i += 1
            case 0x2B, 0x2D:
                let sign = b[i] == 0x2B ? 1 : -1
                guard let oh = num(i + 1, 2) else { return nil }
                var om = 0
                if let m = num(i + 3, 2) {
                    om = m
                } else if i + 3 < b.count, b[i + 3] == 0x3A, let m = num(i + 4, 2) {
                    om = m
                }
                offset = sign * (oh * 3600 + om * 60)
                i = b.count
            default: return nil
            }
        }
        // Days from civil (proleptic Gregorian), after Howard Hinnant's published algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        let secs = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Double(secs) + fraction
    }
}
