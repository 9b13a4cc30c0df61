import Foundation

/// Makes a small archive of support requests in a temporary folder: e-mails built from SampleLogs (each with its own
/// Message-ID, sender domain, stand and period), request folders and a JSON-lines export.
struct ArchiveMaker {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = [
        "python-default-internal-error.log", "monolog-internal-error.log", "curl-proxy-407.txt",
        "logrus-logfmt-internal-error.log", "dotnet-console-internal-error.log", "raw-provider-error.xml",
        "curl-gateway-504.txt", "pino-internal-error.jsonl",
    ]

    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("logtriage-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static func sample(_ k: Int) throws -> (name: String, data: Data) {
        let name = samples[k % samples.count]
        let folder = repositoryRoot.appendingPathComponent("SampleLogs")
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        return (name, data)
    }

    /// `count` e-mails in `folder` (under the root), request k from `agency<k % 5>.example`.
    @discardableResult
    func mails(_ count: Int, folder: String = "mail") throws -> URL {
        let dir = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for k in 0..<count {
            let (name, data) = try Self.sample(k)
            let day = 10 + k % 15
            let text = """
                From: Agent \(k) <agent\(k)@agency\(k % 5).example>\r
                To: support@mixvel.example\r
                Subject: PROD: booking error, request \(k)\r
                Date: Mon, \(day) Nov 2026 12:00:00 +0300\r
                Message-ID: <req-\(k)@archive.test>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b\(k)"\r
                \r
                --b\(k)\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Hello, on PROD we get errors on \(day).11.2026 from 00:00 to 23:59. Logs attached.\r
                --b\(k)\r
                Content-Type: application/octet-stream; name="\(name)"\r
                Content-Disposition: attachment; filename="\(name)"\r
                Content-Transfer-Encoding: base64\r
                \r
                \(data.base64EncodedString(options: .lineLength76Characters))\r
                --b\(k)--\r

                """
            try Data(text.utf8).write(to: dir.appendingPathComponent(String(format: "req-%03d.eml", k)))
        }
        return dir
    }

    /// `count` e-mails from `odd<k>.example` whose log holds an error of a type and code no rule knows.
    @discardableResult
    func unexplainedMails(_ count: Int, folder: String = "odd") throws -> URL {
        let dir = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for k in 0..<count {
            let log = """
                2026-11-18 10:0\(k):00.000|ERROR|Agency.Mixvel|Response https://api.mixvel.com/api/Order/Create
                <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01">
                  <Error><ErrorType>QuotaExceeded</ErrorType><Code>MIX-999001</Code></Error>
                </View:Mixvel_OrderViewRS>

                """
            let text = """
                From: Ops <ops@odd\(k).example>\r
                Subject: TEST: strange error\r
                Date: Wed, 18 Nov 2026 12:00:00 +0300\r
                Message-ID: <odd-\(k)@archive.test>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="o"\r
                \r
                --o\r
                Content-Type: text/plain\r
                \r
                TEST stand, 18.11.2026 from 09:00 to 12:00.\r
                --o\r
                Content-Type: text/plain; name="agency.log"\r
                Content-Disposition: attachment; filename="agency.log"\r
                Content-Transfer-Encoding: base64\r
                \r
                \(Data(log.utf8).base64EncodedString(options: .lineLength76Characters))\r
                --o--\r

                """
            try Data(text.utf8).write(to: dir.appendingPathComponent("odd-\(k).eml"))
        }
        return dir
    }

    /// Request folders `requests/REQ-k/` each holding one sample log.
    @discardableResult
    func folders(_ count: Int, offset: Int = 3) throws -> URL {
        let dir = root.appendingPathComponent("requests")
        for k in 0..<count {
            let sub = dir.appendingPathComponent("REQ-\(k)/logs")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let (name, data) = try Self.sample(k + offset)
            try data.write(to: sub.appendingPathComponent(name))
        }
        return dir
    }

    /// A JSON-lines export with a request per sample index; `missing` adds a line naming a file that is not there.
    @discardableResult
    func export(_ indexes: [Int], missing: Bool) throws -> URL {
        let files = root.appendingPathComponent("export-files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        var lines: [String] = []
        for k in indexes {
            let (name, data) = try Self.sample(k)
            try data.write(to: files.appendingPathComponent(name))
            lines.append(
                #"{"id":"ZD-\#(k)","subject":"export \#(k)","body":"errors","stand":"PROD","#
                    + #""period":{"since":"2026-11-10T00:00:00+03:00","until":"2026-11-30T00:00:00+03:00"},"#
                    + #""files":["export-files/\#(name)"],"from":"ops@export\#(k).example"}"#)
        }
        if missing {
            lines.append(#"{"id":"ZD-missing","subject":"gone","files":["export-files/no-such.log"]}"#)
        }
        let url = root.appendingPathComponent("export.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }
}
