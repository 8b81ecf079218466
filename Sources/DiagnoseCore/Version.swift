/// The version of diagnose, printed by `diagnose --version` and written into JSON reports' tool metadata.
public enum DiagnoseVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
