public import Foundation

/// The outcome of running the `diagnose` executable.
public struct CommandResult: Sendable {
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
    /// Exit status.
    public var status: Int32
}

/// Runs the built `diagnose` binary (next to the test bundle) with arguments and optional standard input.
/// - Parameters:
///   - arguments: command-line arguments after `diagnose`.
///   - stdin: bytes to feed on standard input.
///   - environment: extra environment variables (NO_COLOR is set by default so output is stable).
///   - directory: working directory (default: the package root).
public func runDiagnose(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: URL? = nil
) throws -> CommandResult {
    let process = Process()
    process.executableURL = diagnoseExecutable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["LANG"] = "C.UTF-8"
    env["LC_ALL"] = nil
    env["LC_MESSAGES"] = nil
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.currentDirectoryURL = directory ?? TestPaths.packageRoot
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a full stderr pipe cannot block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(
        stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
        status: process.terminationStatus)
}

/// Path of the `diagnose` executable built alongside the tests.
public let diagnoseExecutable: URL = {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = testBinary.deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("diagnose")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir.deleteLastPathComponent()
    }
    return TestPaths.packageRoot.appendingPathComponent(".build/debug/diagnose")
}()
