import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `logtriage serve`: runs the HTTP service, the `logtriage-server` program next to this one, with the same
/// arguments. The service is a program of its own so that `analyze` does not load (or relocate) the HTTP stack:
/// start-up and resident memory of every other command stay those of the analysis.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service: upload logs or receive ticket webhooks, diagnose, write the result back.",
        discussion:
            "`logtriage serve --help` lists its options (it runs logtriage-server, installed next to logtriage).",
        helpNames: []
    )

    @Argument(parsing: .allUnrecognized, help: "The service's options (see logtriage serve --help).")
    var arguments: [String] = []

    func run() throws {
        try Self.exec(arguments)
    }

    /// The `logtriage-server` beside this executable (symbolic links resolved).
    static var serverPath: String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("logtriage-server").path
    }

    /// Replaces this process with `logtriage-server arguments`; returns only by throwing when it cannot.
    static func exec(_ arguments: [String]) throws -> Never {
        let path = serverPath
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Stderr.write(
                "logtriage: serve: the service is the program logtriage-server, not found at \(path) "
                    + "(build it with `swift build -c release --product logtriage-server`)")
            throw ExitCode(.badInput)
        }
        let argv = (["logtriage-server"] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        Stderr.write("logtriage: serve: cannot run \(path): \(reason)")
        throw ExitCode(.failure)
    }
}
