import DiagnoseCore

/// Reads and parses a JSON document file for the commands (YAML arrives with DocumentLoader).
enum DocumentFiles {
    static func parse(path: String, maxDepth: Int) throws(DiagnoseFailure) -> Document {
        let text = try SourceText.read(path: path)
        do {
            return try JSONParser.parse(text, options: JSONParser.Options(maxDepth: maxDepth))
        } catch {
            throw DiagnoseFailure(error.message, location: error.location, help: error.hint)
        }
    }
}
