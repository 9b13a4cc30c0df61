import MailIntake

extension StatedFacts {
    /// What the customer stated in the e-mail's subject and body.
    init(mail: MailMessage) {
        self.init()
        // Filled from MailIntake's hint extractor (pending).
        missing = ["stand", "period"]
    }
}
