import DiagnoseCore
import Foundation

/// JSON parse-only throughput on the corpus HAR files and on a generated 100 MB HAR.
enum JSONBench {
    static func run() throws {
        print("## JSON parse (parse-only, whole document in memory)")
        if let corpus = Measure.corpus {
            let dir = corpus.appendingPathComponent("har")
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".har") }.sorted()
            var total = 0
            var texts: [SourceText] = []
            for name in names {
                let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
                total += bytes.count
                texts.append(SourceText(name: name, bytes: bytes))
            }
            let seconds = try Measure.best(runs: 20) {
                for text in texts { _ = try JSONParser.parse(text) }
            }
            print("corpus HAR files: \(texts.count) files, \(Measure.fmt(Measure.mb(total))) MB: \(Measure.fmt(Measure.mb(total) / seconds)) MB/s")
        } else {
            print("corpus HAR files: skipped (../shared/corpus absent)")
        }
        let url = try HARGenerator.file(megabytes: 100)
        let text = try SourceText.read(path: url.path)
        var nodes = 0
        let seconds = try Measure.best(runs: 5) {
            nodes = try JSONParser.parse(text).nodeCount
        }
        print("generated HAR: \(Measure.fmt(Measure.mb(text.bytes.count))) MB, \(nodes) nodes: \(Measure.fmt(Measure.mb(text.bytes.count) / seconds)) MB/s (best of 5)")
        print("peak memory: \(Measure.fmt(Measure.peakMemoryMB())) MB (includes the 100 MB input held in memory)")
    }
}
