import Testing

@testable import LogTriage

struct RedactorTests {
    @Test func `XML secrets are replaced inside their elements, whatever the prefix`() {
        let r = Redactor()
        let s = r.redact("<auth:Password>Kzn-Travel#2026</auth:Password><IdentityDocID>4516302871</IdentityDocID><SeriesCode>737</SeriesCode>")
        #expect(s == "<auth:Password>[PASSWORD-1]</auth:Password><IdentityDocID>[DOCUMENT-1]</IdentityDocID><SeriesCode>[CVV-1]</SeriesCode>")
    }

    @Test func `tokens, bearer headers and JWTs`() {
        let r = Redactor()
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX2hlcmU"
        #expect(r.redact("Authorization: Bearer \(jwt)") == "Authorization: Bearer [TOKEN-1]")
        #expect(r.redact("curl -H 'Authorization: Bearer \(jwt)'").contains("[TOKEN-1]"))
        #expect(r.redact("token was \(jwt) again") == "token was [TOKEN-1] again")
        #expect(r.redact("<Token>\(jwt)</Token>") == "<Token>[TOKEN-1]</Token>", "same value, same placeholder")
    }

    @Test func `card numbers only when the Luhn check passes`() {
        let r = Redactor()
        #expect(r.redact("card 4111111111111111 ok") == "card [CARD-1] ok")
        #expect(r.redact("card 4111 1111 1111 1111 ok") == "card [CARD-1] ok")
        #expect(r.redact("order 4111111111111112 ok") == "order 4111111111111112 ok")
    }

    @Test func `e-mails, phones and key-value secrets`() {
        let r = Redactor()
        let s = r.redact(#"{"email":"anna.petrova@example.com","phone":"+7 916 123-45-67","password":"p@ss w"} mail anna.petrova@example.com"#)
        #expect(!s.contains("anna.petrova"))
        #expect(!s.contains("916"))
        #expect(!s.contains("p@ss"))
        #expect(s.contains("[EMAIL-1]") && s.contains("[PASSWORD-1]"))
        #expect(r.redact("call +79161234567 now") == "call [PHONE-1] now")
    }

    @Test func `MixVel's public support address is not personal data`() {
        let r = Redactor()
        #expect(r.redact("write to support@mixvel.com or a.b@agency.ru") == "write to support@mixvel.com or [EMAIL-1]")
    }

    @Test func `ordinary log text is left alone`() {
        let r = Redactor()
        let text = "2026-11-18 10:15:03.1234|ERROR|Agency|<Code>MIX-200002</Code> TicketId 5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11 in 1877 ms"
        #expect(r.redact(text) == text)
    }
}
