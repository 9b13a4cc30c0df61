import Foundation
import MailIntake

extension StatedFacts {
    /// What the customer stated in the e-mail's subject and body (MailIntake's hint extractor).
    init(mail: MailMessage) {
        self.init(HintExtractor.extract(from: mail))
    }

    init(_ hints: RequestHints) {
        self.init()
        if let s = hints.stand {
            stand = s.value
            standSource = s.source.rawValue
        }
        if let p = hints.period {
            since = p.since
            until = p.until
            periodSource = p.source.rawValue + (p.isApproximate ? " (approximate: ±30 min around the time given)" : "")
            periodText = p.text
        }
        let text = hints.description.trimmingCharacters(in: .whitespacesAndNewlines)
        description = text.isEmpty ? nil : text
        missing = hints.missing
    }
}
