import DiagnoseCore

/// Reads and parses a JSON or YAML document file for the commands.
enum DocumentFiles {
    static func parse(path: String, maxDepth: Int) throws(DiagnoseFailure) -> Document {
        var options = DocumentLoader.Options()
        options.maxDepth = maxDepth
        return try DocumentLoader.load(path: path, options: options)
    }
}
