// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "logtriage",
    platforms: [.macOS(.v15)],  // Synchronization (Mutex, Atomic)
    products: [
        .executable(name: "logtriage", targets: ["logtriage"]),
        .executable(name: "logtriage-server", targets: ["logtriage-server"]),
        .library(name: "LogTriage", targets: ["LogTriage"]),
        .library(name: "RequestStore", targets: ["RequestStore"]),
        .library(name: "MailIntake", targets: ["MailIntake"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // zlib, reached only from LogBytes.
        .systemLibrary(name: "CLogZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The literal scan's vector kernels (Teddy: SSSE3/AVX2 byte shuffles), reached only from LogBytes.
        .target(name: "CLogScan", exclude: ["README.md"]),
        // All unsafe byte work (reading, inflating, splitting, searching) lives here.
        .target(name: "LogBytes", dependencies: ["CLogZlib", "CLogScan"], swiftSettings: swiftSettings),
        // Ingest, rules, pipeline, diagnosis, output: all the logic, safe Swift over LogBytes (README there).
        .target(
            name: "LogTriage",
            dependencies: ["LogBytes", .product(name: "Yams", package: "Yams")],
            exclude: [
                "README.md", "Pipeline/README.md", "Output/README.md", "Generated/README.md", "Timeline/README.md",
            ],
            swiftSettings: swiftSettings
        ),
        // Support requests, their attachments and diagnoses in SQLite (GRDB); attachment bytes beside it, by digest.
        // A plain data store: it must not depend on LogTriage.
        .target(
            name: "RequestStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Support requests end to end: sources (e-mails, folders, files) → stored request → diagnosis → store.
        .target(
            name: "RequestIntake",
            dependencies: ["LogTriage", "LogInputs", "MailIntake", "RequestStore"],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Directories and archives (zip, tar, nested gzip) expanded into the files to read; reusable by any front end.
        .target(
            name: "LogInputs",
            dependencies: ["LogBytes", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The HTTP service (`logtriage serve`): upload, webhooks, write-back to ticket systems, metrics.
        .target(
            name: "LogTriageServer",
            dependencies: [
                "LogTriage", "LogInputs", "MailIntake", "RequestIntake", "RequestStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["README.md", "openapi.yaml"],
            // Without MemberImportVisibility: members of NIO and HTTPTypes reach this module through Hummingbird's
            // and AsyncHTTPClient's re-exports, and those packages are not direct dependencies (package count).
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // Many requests at once: batch import and re-diagnosis, shards, store merge, store-wide report, backtest.
        .target(
            name: "Batch",
            dependencies: ["RequestIntake", "RequestStore", "LogTriage", "MailIntake"],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "logtriage",
            dependencies: [
                "LogTriage", "LogInputs", "RequestIntake", "RequestStore", "MailIntake", "Batch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // `logtriage serve` (which runs this program): the HTTP service alone, so the other commands do not load NIO.
        .executableTarget(
            name: "logtriage-server",
            dependencies: [
                "LogTriage", "LogTriageServer", "RequestStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // E-mail intake: MIME reader, mbox/maildir, request hints. Foundation only.
        .target(name: "MailIntake", exclude: ["README.md"], swiftSettings: swiftSettings),
        .testTarget(name: "LogBytesTests", dependencies: ["LogBytes"]),
        .testTarget(
            name: "BatchTests",
            dependencies: ["Batch", "RequestIntake", "RequestStore", "MailIntake", "LogTriage", "logtriage"]
        ),
        .testTarget(name: "MailIntakeTests", dependencies: ["MailIntake"]),
        .testTarget(
            name: "RequestIntakeTests",
            dependencies: ["RequestIntake", "RequestStore", "MailIntake", "LogTriage"]
        ),
        .testTarget(
            name: "RequestStoreTests",
            dependencies: ["RequestStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "LogInputsTests", dependencies: ["LogInputs", "LogBytes", "ZIPFoundation"]),
        .testTarget(
            name: "LogTriageTests",
            dependencies: ["LogTriage", "LogBytes", "LogInputs", "logtriage", "logtriage-server", "ZIPFoundation"],
            exclude: ["Output/Golden"]
        ),
        .testTarget(
            name: "LogTriageServerTests",
            dependencies: [
                "LogTriageServer",
                "LogTriage",
                "RequestStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
