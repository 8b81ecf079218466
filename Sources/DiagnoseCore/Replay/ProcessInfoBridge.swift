import Foundation

enum ProcessInfoBridge {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
}
