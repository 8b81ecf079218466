/// Every subcommand, in the order `diagnose --help` lists them.
enum Registry {
    static let commands: [any Command.Type] = [
        ParseCommand.self,
        ExplainCommand.self,
        RulesCommand.self,
    ]
}
