// swift-tools-version: 6.1
// Performance harness for logtriage. Not built by CI (CI runs `swift test` in the main package only).
// Run everything with `Benchmarks/run.sh` (see Benchmarks/README.md).
import PackageDescription

let package = Package(
    name: "logtriage-benchmarks",
    platforms: [.macOS(.v14)],
    // The main package by path, for `bench-core` (only its LogTriage library is built).
    dependencies: [.package(name: "logtriage", path: "..")],
    targets: [
        // Deterministic generator of realistic MixVel client logs (NLog text with XML bodies, Serilog JSON lines).
        .executableTarget(name: "bench-gen", path: "Sources/bench-gen"),
        // Inflate-only baseline: the same zlib that logtriage links, output discarded.
        .systemLibrary(
            name: "CZlibBench", path: "Sources/CZlibBench", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(name: "bench-inflate", dependencies: ["CZlibBench"], path: "Sources/bench-inflate"),
        // The analysis core without the CLI: a quick release build for profiling (callgrind) and timings.
        .executableTarget(
            name: "bench-core", dependencies: [.product(name: "LogTriage", package: "logtriage")],
            path: "Sources/bench-core"),
    ]
)
