// The entry point of `diagnose-fuzz`.
//
// Fuzz build (`make fuzz`, compiled with -sanitize=fuzzer,address -parse-as-library -DFUZZING): SwiftPM renames an
// executable's `main` to `diagnose_fuzz_main`, which would clash with libFuzzer's own `main`; so libFuzzer's `main`
// calls ours and we hand control back through `LLVMFuzzerRunDriver`, with the target chosen by `FUZZ_TARGET`.
//
// Normal build (`swift build`): a replayer, so the target always compiles and a saved input can be rerun without
// sanitizers: `FUZZ_TARGET=json .build/debug/diagnose-fuzz crash-1234`.
import Foundation

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The target chosen by `FUZZ_TARGET`, read once.
nonisolated(unsafe) private var selectedTarget: (@Sendable ([UInt8]) -> FuzzOutcome)?

/// Called by libFuzzer's `main` under the name SwiftPM gives an executable's entry point.
@_cdecl("diagnose_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.named(name) else {
        let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("diagnose-fuzz: set FUZZ_TARGET to one of: \(names)\n".utf8))
        return 2
    }
    selectedTarget = target
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        _ = selectedTarget!(bytes)
        return 0
    }
}
#else
/// Replays saved inputs through a target without sanitizers.
@main
struct FuzzReplay {
    static func main() {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.named(name) else {
            let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(
                Data("diagnose-fuzz: set FUZZ_TARGET to one of: \(names), then pass input files\n".utf8))
            exit(2)
        }
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("diagnose-fuzz: cannot read '\(path)'\n".utf8))
                exit(1)
            }
            print("\(path): \(target(Array(data)))")
        }
    }
}
#endif
