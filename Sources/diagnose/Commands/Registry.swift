/// Every subcommand, in the order `diagnose --help` lists them.
enum Registry {
    static let commands: [any Command.Type] = [
        SpecCommand.self,
        ValidateCommand.self,
        CheckCommand.self,
        ScanCommand.self,
        MergeCommand.self,
        RedactCommand.self,
        CurlExportCommand.self,
        ParseCommand.self,
        ExplainCommand.self,
        RulesCommand.self,
    ]
}
