// swift-tools-version: 6.1
// libFuzzer targets for logtriage's parsers. Not built by `swift test`: run `Scripts/fuzz.sh [seconds]`, which builds
// this package with `--sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING` (see Fuzz/README.md).
import PackageDescription

let targets = ["fuzz-lines", "fuzz-gzip", "fuzz-xml", "fuzz-json", "fuzz-rules", "fuzz-ingest"]
/// Targets on the e-mail reader (the `MailIntake` product).
let mailTargets = ["fuzz-mime"]

let package = Package(
    name: "logtriage-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "logtriage", path: "..")],
    targets: [
        // The driver every target shares: libFuzzer's loop when built with -DFUZZING, else a replay of files.
        .target(name: "FuzzDriver", path: "Sources/FuzzDriver")
    ]
        + targets.map { name in
            .executableTarget(
                name: name,
                dependencies: ["FuzzDriver", .product(name: "LogTriage", package: "logtriage")],
                path: "Sources/\(name)"
            )
        }
        + mailTargets.map { name in
            .executableTarget(
                name: name,
                dependencies: ["FuzzDriver", .product(name: "MailIntake", package: "logtriage")],
                path: "Sources/\(name)"
            )
        }
)
