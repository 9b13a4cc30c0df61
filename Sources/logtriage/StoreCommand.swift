import ArgumentParser
import Batch
import Foundation
import RequestStore

/// `logtriage store …`: operations on whole stores.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Operations on request stores (merge the shards of a batch).",
        subcommands: [Merge.self]
    )

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge stores into TARGET: requests by dedupe key, attachments, diagnoses, outcomes.",
            discussion: """
                Requests are matched by their dedupe key (Message-ID, else the files' digests), diagnoses by \
                (catalogue version, input digest); attachment bytes are copied into TARGET.files. Merging again \
                adds nothing. Exit codes: 0 merged; 2 unreadable store.
                """
        )
        @Argument(help: "The store to merge into (created when missing).") var target: String
        @Argument(help: "The stores to merge from.") var sources: [String]

        func validate() throws {
            if sources.isEmpty { throw ValidationError("give at least one SOURCE store") }
        }

        func run() throws {
            let into = try perform { try RequestStore(path: target) }
            let merger = StoreMerger(target: into)
            for path in sources {
                guard FileManager.default.fileExists(atPath: path) else {
                    Stderr.write("logtriage: \(path): no such store")
                    throw ExitCode(.badInput)
                }
                let c: StoreMerger.Counts
                do {
                    c = try merger.merge(try perform { try RequestStore(path: path) })
                } catch let e as BatchError {
                    Stderr.write("logtriage: \(e)")
                    throw ExitCode(.badInput)
                }
                print(
                    "\(path): \(c.requestsAdded) requests added, \(c.requestsPresent) already present, "
                        + "\(c.diagnosesAdded) diagnoses added, \(c.blobsCopied) files copied, "
                        + "\(c.resolutionsAdded) outcomes added"
                        + (c.blobsMissing > 0 ? ", \(c.blobsMissing) files missing in the source" : ""))
            }
        }
    }
}
