import Foundation
import Testing

@testable import LogTriage

struct RedactorTests {
    @Test func `XML secrets are replaced inside their elements, whatever the prefix`() {
        let r = Redactor()
        let s = r.redact(
            "<auth:Password>Kzn-Travel#2026</auth:Password><IdentityDocID>4516302871</IdentityDocID>"
                + "<SeriesCode>737</SeriesCode>")
        #expect(
            s == "<auth:Password>[PASSWORD-1]</auth:Password><IdentityDocID>[DOCUMENT-1]</IdentityDocID>"
                + "<SeriesCode>[CVV-1]</SeriesCode>")
    }

    @Test func `tokens, bearer headers and JWTs`() {
        let r = Redactor()
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX2hlcmU"
        #expect(r.redact("Authorization: Bearer \(jwt)") == "Authorization: Bearer [TOKEN-1]")
        #expect(r.redact("curl -H 'Authorization: Bearer \(jwt)'").contains("[TOKEN-1]"))
        #expect(r.redact("token was \(jwt) again") == "token was [TOKEN-1] again")
        #expect(r.redact("<Token>\(jwt)</Token>") == "<Token>[TOKEN-1]</Token>", "same value, same placeholder")
    }

    @Test func `card numbers need the Luhn check and a card-like context or separators`() {
        let r = Redactor()
        #expect(r.redact("card 4111111111111111 ok") == "card [CARD-1] ok")
        #expect(r.redact("paid 4111 1111 1111 1111 ok") == "paid [CARD-1] ok")
        #expect(r.redact("order 4111111111111112 ok") == "order 4111111111111112 ok")
        // Luhn-valid 16 digits without context or separators: an order number, not a card.
        #expect(r.redact("order 4111111111111111 ok") == "order 4111111111111111 ok")
    }

    @Test func `e-mails, phones and key-value secrets`() {
        let r = Redactor()
        let s = r.redact(
            #"{"email":"anna.petrova@example.com","phone":"+7 916 123-45-67","password":"p@ss w"} mail anna.petrova@example.com"#
        )
        #expect(!s.contains("anna.petrova"))
        #expect(!s.contains("916"))
        #expect(!s.contains("p@ss"))
        #expect(s.contains("[EMAIL-1]") && s.contains("[PASSWORD-1]"))
        #expect(r.redact("call +79161234567 now") == "call [PHONE-1] now")
    }

    @Test func `only MixVel's documented public support address is kept`() {
        let r = Redactor()
        #expect(r.redact("write to support@mixvel.com or a.b@agency.ru") == "write to support@mixvel.com or [EMAIL-1]")
        #expect(r.redact("from ivan.petrov@mixvel.com") == "from [EMAIL-2]")
    }

    @Test func `ordinary log text is left alone`() {
        let r = Redactor()
        let texts = [
            "2026-11-18 10:15:03.1234|ERROR|Agency|<Code>MIX-200002</Code> TicketId "
                + "5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11 in 1877 ms",
            #"{"@t":"2026-11-18T08:20:05.4020000Z","time":1763449200000,"ts":1763449200,"OrderId":"4111111111111111"}"#,
            "order 89123456 created, amount 12345.67 RUB, MessageId=0e51e022-0023-4961-b7eb-e21bbcc9109c",
            "TicketId: 8912-3456-7823-4567-891234567821, epoch 1763449200123, version 10.20.30.40",
            "GET /api/v1/orders/79123456789012/items HTTP/1.1",
        ]
        for t in texts { #expect(r.redact(t) == t, "\(t)") }
    }

    /// One case per gap the red-team pass found (issue 10), each with the value that must not survive.
    static let gaps: [(String, String)] = [
        ("<Password><![CDATA[Cd@ta-Secret1]]></Password>", "Cd@ta-Secret1"),
        ("&lt;Password&gt;Ent1ty-Secret&lt;/Password&gt;", "Ent1ty-Secret"),
        (#"{"message":"{\"password\":\"Nested-Secret9\"}"}"#, "Nested-Secret9"),
        (#"{"a":{"b":[{"c":"x","password":"Deep-Secret7"}]}}"#, "Deep-Secret7"),
        ("GET https://agent:Url-Pass42@api.mixvel.com/api/Order", "Url-Pass42"),
        ("Proxy-Authorization: Basic QUdFTkNZXHN2Yy1ib29raW5nOlByMHh5", "QUdFTkNZXHN2Yy1ib29raW5nOlByMHh5"),
        ("GET /cb?access_token=AcTok3n-abc&x=1", "AcTok3n-abc"),
        ("GET /cb?x=1&refresh_token=R3fresh-xyz", "R3fresh-xyz"),
        ("GET /login?user=a&password=Qu3ry-Pass", "Qu3ry-Pass"),
        ("authorization: bearer OPAQUE-t0ken-123", "OPAQUE-t0ken-123"),
        ("AUTHORIZATION: Bearer 0paqueUpper", "0paqueUpper"),
        ("<AuthToken>auth-t0ken-value</AuthToken>", "auth-t0ken-value"),
        ("X-Api-Key: k3y-1234567890", "k3y-1234567890"),
        ("Cookie: session=S3ss10n; other=Oth3rVal", "S3ss10n"),
        ("Cookie: session=S3ss10n; other=Oth3rVal", "Oth3rVal"),
        ("Set-Cookie: auth=C00kieVal; Path=/; HttpOnly", "C00kieVal"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi\nJ4In0.c2lnbmF0dXJl end", "J4In0"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi\nJ4In0.c2lnbmF0dXJl end", "eyJzdWIiOi"),
        ("PAN4111111111111111EXP1227", "4111111111111111"),
        ("card 4111.1111.1111.1111", "4111.1111.1111.1111"),
        ("paid with 5500 0000 0000 0004 today", "5500 0000 0000 0004"),
        ("CVV 424", "424"),
        (#"{"card_cvv":"373"}"#, "373"),
        (#"{"passportNo":"4511 778899"}"#, "778899"),
        ("паспорт 4511 112233", "112233"),
        ("Паспорт РФ серия 4512 номер 998104", "998104"),
        ("contact иван@почта.рф please", "иван@почта.рф"),
        ("contact ivan.petrov@mixvel.com please", "ivan.petrov"),
        ("позвоните 8 (912) 345-67-81", "345-67-81"),
        ("позвоните 89123456782", "89123456782"),
        ("Телефон: 8 912 345 67 83", "345 67 83"),
        ("phone +7 (916) 123-45-67", "123-45-67"),
        ("$ curl -U \"AGENCY\\svc:Pr0xy-Winter26\" https://x", "Pr0xy-Winter26"),
        ("mail anna%40example.com sent", "anna%40example.com"),
        (#"<Auth password="Attr-Pass1"/>"#, "Attr-Pass1"),
        (#"{\"passportNo\":\"4511 665544\"}"#, "665544"),
    ]

    @Test(arguments: gaps.indices)
    func `a known gap is closed`(k: Int) {
        let (text, secret) = Self.gaps[k]
        let out = Redactor().redact(text)
        #expect(!out.contains(secret), "\(text) → \(out)")
        #expect(out.contains("["), "\(text) → \(out)")
    }

    @Test func `escaped and plain forms of one value get one placeholder`() {
        let r = Redactor()
        let a = r.redact(#"{"password":"Same-Val1"}"#)
        let b = r.redact(#"{\"password\":\"Same-Val1\"}"#)
        #expect(a.contains("[PASSWORD-1]") && b.contains("[PASSWORD-1]"))
        #expect(r.redact("[PASSWORD-1]") == "[PASSWORD-1]", "placeholders are not redacted again")
    }

    @Test func `replacing inside a JSON string keeps the JSON valid`() throws {
        let r = Redactor()
        let line = #"{"msg":"POST {\"password\":\"a\\\"b\",\"email\":\"x@y.com\"} https://u:p%40ss@h.io/","n":1}"#
        let out = r.redact(line)
        #expect(!out.contains("x@y.com"))
        _ = try JSONSerialization.jsonObject(with: Data(out.utf8))
    }
}

struct RedactorProseTests {
    @Test func `the prose after a Bearer credential is kept, the credential replaced`() {
        let r = Redactor()
        let real = r.redact(#"header "Authorization: Bearer abcdef0123456789xyz", and refresh it before 24 h."#)
        #expect(!real.contains("abcdef0123456789xyz"))
        #expect(real.hasSuffix(#"", and refresh it before 24 h."#), "\(real)")
        let bare = r.redact("Authorization: Bearer abcdef0123456789xyz then the body")
        #expect(!bare.contains("abcdef0123456789xyz") && bare.hasSuffix(" then the body"), "\(bare)")
        let advice = "send the new token in the Authorization header (scheme Bearer), and refresh it"
        #expect(r.redact(advice) == advice)
    }
}
