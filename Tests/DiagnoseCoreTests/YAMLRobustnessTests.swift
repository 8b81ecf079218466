import DiagnoseCore
import DiagnoseTestSupport
import Foundation
import Testing

/// Bytes that matter to YAML's syntax, plus invalid and multi-byte UTF-8.
private let interesting: [UInt8] = Array(":-\t&*<[]{}\"'|>\n !%#?,~.0x".utf8) + [0xC3, 0xA9, 0x80, 0xFF, 0x00, 0x0D]

@Suite("YAML robustness")
struct YAMLRobustnessTests {
    @Test(
        arguments: TestPaths.fixtureFiles("yaml").filter { $0.hasSuffix(".yaml") }
            + TestPaths.fixtureFiles("yaml/fail").map { "fail/" + $0 })
    func mutatedFixturesNeverCrash(_ file: String) throws {
        let original = try TestPaths.fixture("yaml/" + file)
        var rng = SplitMix64(state: UInt64(original.count))
        for round in 0..<500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                let byte = interesting.randomElement(using: &rng)!
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            let text = SourceText(name: file, bytes: bytes)
            do {
                let doc = try YAMLLoader.parse(text, options: .init(maxNodes: 100_000))
                #expect(doc.nodeCount >= 1)
                for note in doc.notes { #expect(note.location.line >= 1) }
            } catch {
                #expect(error.location.line >= 1, "round \(round)")
                #expect(error.location.offset <= bytes.count, "round \(round)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func invalidUTF8IsALocatedError() throws {
        let text = SourceText(name: "bad.yaml", bytes: Array("a: 1\nb: x".utf8) + [0xFF] + Array("y\n".utf8))
        #expect {
            try YAMLLoader.parse(text)
        } throws: { error in
            let e = error as! YAMLError
            return e.location.line == 2 && e.location.column == 5 && e.message.contains("UTF-8")
        }
    }

    @Test func controlCharacterIsALocatedError() throws {
        let text = SourceText(name: "nul.yaml", bytes: Array("a: 1\nb: x".utf8) + [0x00] + Array("y\n".utf8))
        #expect(throws: YAMLError.self) { try YAMLLoader.parse(text) }
    }
}
