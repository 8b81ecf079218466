// diagnose-bench: throughput and memory figures for `make bench`.
//
// Usage: diagnose-bench [SECTION...] | --list   (default: every section, in order)
// Each section should run in its own process (the Makefile does that) so that the peak-memory figure it prints
// (VmHWM from /proc/self/status) belongs to that workload alone.
import DiagnoseCore
import Foundation

let sections: [String: () throws -> Void] = [
    "json": JSONBench.run, "spec-json": SpecBench.runJSON, "spec-yaml": SpecBench.runYAML,
    "traffic": TrafficBench.run, "schema": SchemaBench.run, "check": CheckBench.run, "scan": ScanBench.run, "bodies": BodiesBench.run,
]
let order = ["json", "spec-json", "spec-yaml", "schema", "traffic", "bodies", "check", "scan"]

var requested = Array(CommandLine.arguments.dropFirst())
if requested == ["--list"] {
    print(order.joined(separator: " "))
    exit(0)
}
if requested.isEmpty { requested = order }
for name in requested {
    guard let section = sections[name] else {
        FileHandle.standardError.write("diagnose-bench: unknown section '\(name)'; known: \(order.joined(separator: ", "))\n".data(using: .utf8)!)
        exit(64)
    }
    do {
        try section()
    } catch {
        FileHandle.standardError.write("diagnose-bench: \(name): \(error)\n".data(using: .utf8)!)
        exit(2)
    }
}
