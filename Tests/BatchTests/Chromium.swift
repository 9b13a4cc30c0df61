import Foundation
import Testing

/// Renders an HTML page to a PNG with headless Chromium, when it is installed (`LOGTRIAGE_CHROMIUM=1
/// Scripts/ensure-deps.sh` installs it), and checks that a picture came out; says so and returns where it is absent.
func renderInChromium(_ html: String, name: String, in folder: URL) throws {
    let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    guard let browser = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        print("BatchTests: Chromium is not installed; the \(name) page was not rendered to a PNG")
        return
    }
    let page = folder.appendingPathComponent("\(name).html")
    let png = folder.appendingPathComponent("\(name).png")
    try Data(html.utf8).write(to: page)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: browser)
    p.arguments = [
        "--headless", "--no-sandbox", "--disable-gpu", "--screenshot=\(png.path)", "--window-size=1200,2000",
        page.absoluteString,
    ]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    let watchdog = DispatchWorkItem { if p.isRunning { p.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: watchdog)
    p.waitUntilExit()
    watchdog.cancel()
    let data = try Data(contentsOf: png)
    #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png")
    #expect(data.count > 5_000, "\(name).png")
}
