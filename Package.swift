// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "logtriage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "logtriage", targets: ["logtriage"]),
        .library(name: "LogTriage", targets: ["LogTriage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // zlib, reached only from LogBytes.
        .systemLibrary(name: "CLogZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // All unsafe byte work (reading, inflating, splitting, searching) lives here.
        .target(name: "LogBytes", dependencies: ["CLogZlib"], swiftSettings: swiftSettings),
        // Ingest, rules, diagnosis: all the logic, safe Swift over LogBytes.
        .target(
            name: "LogTriage",
            dependencies: ["LogBytes", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Directories and archives (zip, tar, nested gzip) expanded into the files to read; reusable by any front end.
        .target(
            name: "LogInputs",
            dependencies: ["LogBytes", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "logtriage",
            dependencies: [
                "LogTriage", "LogInputs", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LogBytesTests", dependencies: ["LogBytes"]),
        .testTarget(name: "LogInputsTests", dependencies: ["LogInputs", "LogBytes", "ZIPFoundation"]),
        .testTarget(
            name: "LogTriageTests",
            dependencies: ["LogTriage", "LogBytes", "LogInputs", "logtriage", "ZIPFoundation"],
            exclude: ["Golden"]
        ),
    ]
)
