import DiagnoseCore
import Foundation

/// `bodies`: the response-body share of `check`, alone. Every JSON response body of the generated Stripe-like HAR
/// (2,000 exchanges unless `BENCH_BODIES_EXCHANGES` says otherwise) is routed to its documented schema once, then
/// validated from its bytes (what `check` does first) and, for comparison, parsed into a document and validated.
enum BodiesBench {
    static func run() throws {
        print("## bodies (response bodies of the Stripe-like HAR against their schemas)")
        guard let specPath = WorkloadGenerator.stripeSpecPath else {
            print("skipped: ../shared/corpus is absent (the Stripe spec is needed)")
            return
        }
        let count = Int(ProcessInfo.processInfo.environment["BENCH_BODIES_EXCHANGES"] ?? "") ?? 2_000
        let url = try WorkloadGenerator.file(count: count)
        let spec = try OpenAPI.Loader.load(path: specPath)
        let checker = SpecChecker(spec: spec)
        var cases: [(SchemaValidator, [UInt8])] = []
        var bytes = 0
        for item in try TraceReader(path: url.path) {
            guard case .exchange(let recorded) = item, let response = recorded.response,
                case .matched(let match) = spec.router.route(method: recorded.request.method, url: recorded.request.url),
                let media = match.operation.response(forStatus: response.status)?.content.first,
                media.mediaType.contains("json"), let schema = media.schema
            else { continue }
            guard let body = response.body?.bytes, !body.isEmpty else { continue }
            cases.append((checker.validator(for: schema), body))
            bytes += body.count
        }
        // Compile everything the bodies reach before timing.
        var valid = cases.reduce(0) { $0 + ($1.0.isValid(json: $1.1, options: ValidationOptions(mode: .response)) == true ? 1 : 0) }
        let rounds = 5
        let read = Measure.best(runs: 3) {
            valid = 0
            for _ in 0..<rounds {
                for (validator, body) in cases
                where validator.isValid(json: body, options: ValidationOptions(mode: .response)) == true { valid += 1 }
            }
        }
        let n = Double(cases.count * rounds)
        let mb = Measure.mb(bytes * rounds)
        print("\(cases.count) JSON response bodies (\(Measure.fmt(Measure.mb(bytes))) MB), \(valid / rounds) answered valid from their bytes: \(Measure.fmt(n / read, 0)) bodies/s, \(Measure.fmt(mb / read)) MB/s")
        let parsed = Measure.best(runs: 3) {
            for _ in 0..<rounds {
                for (validator, body) in cases {
                    guard let document = try? JSONParser.parse(SourceText(name: "body", bytes: body)) else { continue }
                    _ = validator.isValid(document.root, options: ValidationOptions(mode: .response))
                }
            }
        }
        print("the same bodies parsed into documents, then validated: \(Measure.fmt(n / parsed, 0)) bodies/s, \(Measure.fmt(mb / parsed)) MB/s")
    }
}
