extension MediaType {
    /// `type/subtype` of a header value, lowercased, without parameters (the value itself when unparsable).
    public static func essence(_ value: String) -> String {
        MediaType(value)?.essence ?? String(value.trimmingSpaces).lowercased()
    }

    /// The `boundary` parameter of a multipart media type, unquoted.
    public static func boundary(of value: String?) -> String? {
        value.flatMap(MediaType.init)?.parameter("boundary")
    }

    /// Whether a header value names JSON (`application/json`, `text/json`, `*+json`).
    public static func isJSON(_ value: String?) -> Bool {
        value.flatMap(MediaType.init)?.isJSON ?? false
    }

    /// Whether a header value names `application/x-www-form-urlencoded`.
    public static func isForm(_ value: String?) -> Bool {
        value.flatMap(MediaType.init)?.isFormURLEncoded ?? false
    }
}
