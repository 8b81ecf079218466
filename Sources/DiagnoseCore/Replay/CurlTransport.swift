import Synchronization

/// The real transport: libcurl's easy interface, one handle reused across calls so connections stay open.
///
/// Calls are serialized (one request at a time per transport); make one transport per concurrent sequence.
public final class CurlTransport: Transport {
    private let state = Mutex<HandleBox>(HandleBox())

    /// Creates a transport; the libcurl handle is made on first use.
    public init() {}

    /// The linked libcurl's version text (`libcurl/7.88.1 OpenSSL/3.0.19 …`), for `--version` and bug reports.
    public static var libcurlVersion: String { CurlEasyHandle.versionText }

    /// Sends one request on the shared handle.
    /// - Parameters:
    ///   - request: the request, as it should appear on the wire.
    ///   - options: timeouts, TLS and proxy settings.
    /// - Returns: the response.
    /// - Throws: `TransportFailure` with libcurl's error text when no response arrived.
    public func send(_ request: ReplayRequest, options: ReplayOptions) throws(TransportFailure) -> ReplayResponse {
        let result: Result<ReplayResponse, TransportFailure> = state.withLock { box in
            do {
                if box.handle == nil { box.handle = try CurlEasyHandle() }
                return .success(try box.handle!.perform(request, options: options))
            } catch {
                return .failure(error as! TransportFailure)
            }
        }
        return try result.get()
    }
}

/// Holds the handle inside the mutex; only ever touched under the lock.
private struct HandleBox: ~Copyable, @unchecked Sendable {
    var handle: CurlEasyHandle?
}
