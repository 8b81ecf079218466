// swift-tools-version: 6.1
//
// diagnose: debug API integrations against their OpenAPI specs.
//
// No package dependencies, by the product owner's choice: the toolchain (Foundation, Swift Testing) plus four
// system C libraries reached through `systemLibrary` targets (pkg-config names and apt/brew providers declared).
import PackageDescription

let package = Package(
    name: "diagnose",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DiagnoseCore", targets: ["DiagnoseCore"]),
        .executable(name: "diagnose", targets: ["diagnose"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        .target(
            name: "DiagnoseCore",
            dependencies: ["CCurl", "CYAML", "CSQLite", "CCrypto"],
            exclude: ["Documentation.docc"]),
        .executableTarget(name: "diagnose", dependencies: ["DiagnoseCore"]),
        .executableTarget(name: "diagnose-bench", dependencies: ["DiagnoseCore"]),
        .executableTarget(name: "diagnose-fuzz", dependencies: ["DiagnoseCore"]),
        .target(name: "DiagnoseTestSupport", dependencies: ["DiagnoseCore"], path: "Tests/DiagnoseTestSupport"),
        .testTarget(
            name: "DiagnoseCoreTests",
            dependencies: ["DiagnoseCore", "DiagnoseTestSupport"],
            resources: [.copy("Fixtures"), .copy("Golden")]),
        .testTarget(
            name: "DiagnoseCLITests",
            dependencies: ["diagnose", "DiagnoseCore", "DiagnoseTestSupport"]),
    ]
)

// One settings loop for every non-system target (see ../shared/STYLE.md §1).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
