import Testing

@testable import LogTriage

/// Each supported layout, read from inline snippets, gives the expected records and fields.
struct IngestFormatTests {
    static let nlog = """
        2026-11-18 10:15:03.1234|INFO|Agency.Mixvel.Client|Request POST https://api.mixvel.com/api/Order/Create
        <?xml version="1.0" encoding="utf-8"?>
        <MixEnv:Envelope xmlns:MixEnv="https://www.mixvel.com/API/XSD/mixvel_envelope/1_06">
          <Body>
            <MessageInfo MessageId="0b6e1e36-1111-4c43-9d3a-2a4f1d2e9b10" TimeSent="2026-11-18T10:15:03.120+03:00"/>
            <AppData>
              <Ord:Mixvel_OrderCreateRQ xmlns:Ord="https://www.mixvel.com/API/XSD/Mixvel_OrderCreateRQ/1_01">
                <PayloadAttributes><ResponseAfterTimeout>40</ResponseAfterTimeout></PayloadAttributes>
              </Ord:Mixvel_OrderCreateRQ>
            </AppData>
          </Body>
        </MixEnv:Envelope>
        2026-11-18 10:15:05.0001|ERROR|Agency.Mixvel.Client|Response 200 from https://api.mixvel.com/api/Order/Create in 1877 ms
        <MixEnv:Envelope xmlns:MixEnv="https://www.mixvel.com/API/XSD/mixvel_envelope/1_06">
          <Body>
            <MessageInfo MessageId="aa" ReplyTo="0b6e1e36-1111-4c43-9d3a-2a4f1d2e9b10" TimeSent="2026-11-18T10:15:05+03:00"/>
            <AppData>
              <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01">
                <Error>
                  <ErrorType>InternalServerError</ErrorType>
                  <CanRetry>false</CanRetry>
                  <TicketId>5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11</TicketId>
                  <Code>MIX-200002</Code>
                  <DescText>Внутренняя ошибка сервиса &amp; номер 5f0c</DescText>
                </Error>
              </View:Mixvel_OrderViewRS>
            </AppData>
          </Body>
        </MixEnv:Envelope>
        """

    @Test func `NLog records with multi-line XML bodies`() throws {
        let (records, report) = Ingest.records(bytes: Array(Self.nlog.utf8), name: "a.log")
        #expect(report.format == .text)
        #expect(report.lines == 29)
        #expect(records.count == 2)
        let rq = records[0].event
        #expect(rq.line == 1 && rq.endLine == 12)
        #expect(rq.level == .info && rq.logger == "Agency.Mixvel.Client")
        #expect(rq.direction == .request && rq.method == "OrderCreate" && rq.stand == "PROD")
        #expect(rq.responseAfterTimeout == 40)
        #expect(rq.messageId == "0b6e1e36-1111-4c43-9d3a-2a4f1d2e9b10")
        let rs = records[1].event
        #expect(rs.line == 13 && rs.decisiveLine == 19)
        #expect(rs.method == "OrderCreate", "the URL names the operation that OrderViewRS answers")
        #expect(rs.messageName == "Mixvel_OrderViewRS")
        #expect(rs.errorLevel == 2 && rs.errorType == "InternalServerError" && rs.code == "MIX-200002")
        #expect(rs.canRetry == false && rs.ticketId == "5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11")
        #expect(rs.descText == "Внутренняя ошибка сервиса & номер 5f0c")
        #expect(rs.replyTo == "0b6e1e36-1111-4c43-9d3a-2a4f1d2e9b10")
        #expect(rs.elapsedMs == 1877)
        #expect(rs.excerpt.hasPrefix("<Error><ErrorType>InternalServerError</ErrorType>"))
        #expect(rs.excerpt.hasSuffix("</Error>"))
        #expect(rs.timestamp?.description == "2026-11-18T10:15:05.000+03:00")
    }

    @Test func `log4net header with thread, logger and a .NET stack trace`() throws {
        let text = """
            2026-11-18 10:15:03,123 [12] ERROR Agency.Mixvel.MixvelClient - OrderCreate failed
            System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.
               at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted)
               at Agency.Mixvel.MixvelClient.SendAsync(String path)
            2026-11-18 10:15:04,001 [12] INFO Agency.Mixvel.MixvelClient - retrying
            """
        let (records, _) = Ingest.records(bytes: Array(text.utf8), name: "b.log")
        #expect(records.count == 2)
        let e = records[0].event
        #expect(e.level == .error && e.logger == "Agency.Mixvel.MixvelClient" && e.message == "OrderCreate failed")
        #expect(e.exceptionType == "System.Threading.Tasks.TaskCanceledException")
        #expect(e.exceptionMessage?.hasPrefix("The request was canceled") == true)
        #expect(e.clientTimeoutSeconds == 30)
        #expect(e.decisiveLine == 2 && e.endLine == 4)
        #expect(records[1].event.line == 5)
    }

    @Test func `Serilog text with offset and three-letter level`() throws {
        let text =
            "2026-11-18 10:15:03.123 +03:00 [ERR] HTTP POST https://api-test.mixvel.com/api/Order/Cancel responded 502 "
            + "in 31.2 ms\n"
        let (records, _) = Ingest.records(bytes: Array(text.utf8), name: "c.log")
        let e = try #require(records.first?.event)
        #expect(e.level == .error)
        #expect(e.timestamp?.assumedOffset == false && e.timestamp?.offsetSeconds == 10_800)
        #expect(e.stand == "TEST" && e.method == "OrderCancel" && e.httpVerb == "POST")
        #expect(e.elapsedMs == 31.2)
    }

    @Test func `Serilog compact JSON with an escaped body and Cyrillic u-escapes`() throws {
        let line =
            #"{"@t":"2026-11-18T07:15:03.1230000Z","@mt":"MixVel response {StatusCode}","@l":"Error","StatusCode":200,"ElapsedMs":812.4,"Url":"https://api.mixvel.com/api/Order/Cancel","ResponseBody":"<Cancel:Mixvel_OrderCancelRS xmlns:Cancel=\"https://www.mixvel.com/API/XSD/Mixvel_OrderCancelRS/1_00\">\n  <Error>\n    <ErrorType>BadRequest</ErrorType>\n    <Code>MIX-106001</Code>\n    <DescText>\u041d\u0435\u0442 \u0437\u0430\u043a\u0430\u0437\u043e\u0432</DescText>\n  </Error>\n</Cancel:Mixvel_OrderCancelRS>"}"#
        let (records, report) = Ingest.records(bytes: Array((line + "\n" + line + "\n").utf8), name: "d.jsonl")
        #expect(report.format == .jsonl)
        #expect(records.count == 2)
        let e = records[1].event
        #expect(e.line == 2 && e.decisiveLine == 2)
        #expect(e.timestamp?.description == "2026-11-18T07:15:03.123+00:00")
        #expect(e.level == .error && e.httpStatus == 200 && e.elapsedMs == 812.4)
        #expect(e.method == "OrderCancel" && e.stand == "PROD")
        #expect(e.errorLevel == 2 && e.errorType == "BadRequest" && e.code == "MIX-106001")
        #expect(e.descText == "Нет заказов")
        #expect(e.excerpt.contains("<Code>MIX-106001</Code>"))
        #expect(records[1].text.contains("<DescText>Нет заказов</DescText>"), "bodies are searchable unescaped")
    }

    @Test func `generic JSON lines with nested fields`() throws {
        let line =
            #"{"timestamp":"2026-11-18T10:15:03.123+03:00","level":"WARN","logger":"shop","message":"no offers","http":{"status":200},"response":"<Shop:Mixvel_AirShoppingRS xmlns:Shop=\"x\"><Response><Warning><Code>MIX-103006</Code><DescText>No offers</DescText><LangCode>Ru</LangCode></Warning></Response></Shop:Mixvel_AirShoppingRS>"}"#
        let (records, _) = Ingest.records(bytes: Array(line.utf8), name: "e.jsonl")
        let e = try #require(records.first?.event)
        #expect(e.level == .warn && e.logger == "shop" && e.httpStatus == 200)
        #expect(e.errorLevel == 3 && e.errorType == nil && e.warningCodes == ["MIX-103006"])
        #expect(e.method == "AirShopping" && e.direction == .response)
    }

    @Test func `curl -v traces split into exchanges`() throws {
        let text = """
            *   Trying 185.12.1.10:443...
            * Connected to api.mixvel.com (185.12.1.10) port 443 (#0)
            > POST /api/Order/Create HTTP/1.1
            > Host: api.mixvel.com
            > Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl
            >
            < HTTP/1.1 504 Gateway Time-out
            < Server: nginx
            <
            <html><head><title>504 Gateway Time-out</title></head><body></body></html>
            *   Trying 185.12.1.10:443...
            > POST /api/Order/Retrieve HTTP/1.1
            > Host: api-test.mixvel.com:443
            < HTTP/1.1 200 OK
            """
        let (records, report) = Ingest.records(bytes: Array(text.utf8), name: "f.txt")
        #expect(report.format == .curl)
        #expect(records.count == 2)
        let e = records[0].event
        #expect(e.httpVerb == "POST" && e.method == "OrderCreate" && e.host == "api.mixvel.com" && e.stand == "PROD")
        #expect(e.httpStatus == 504 && e.decisiveLine == 7 && e.bodyKind == .html)
        #expect(records[1].event.line == 11 && records[1].event.stand == "TEST" && records[1].event.httpStatus == 200)
    }

    @Test func `raw XML dump with two envelopes and time from TimeSent`() throws {
        let text = """
            <?xml version="1.0"?>
            <MixEnv:Envelope xmlns:MixEnv="https://www.mixvel.com/API/XSD/mixvel_envelope/1_06">
              <Body>
                <MessageInfo MessageId="m1" TimeSent="2026-11-18T10:00:00Z"/>
                <Error><ErrorType>BadRequest</ErrorType><CanRetry>false</CanRetry><Code>MIX-100000</Code>
                  <DescText>'x' is an undeclared prefix. Line 3, position 4.</DescText></Error>
              </Body>
            </MixEnv:Envelope>
            <MixEnv:Envelope xmlns:MixEnv="https://www.mixvel.com/API/XSD/mixvel_envelope/1_06">
              <Body><MessageInfo MessageId="m2" TimeSent="2026-11-18T10:01:00Z"/><AppData/></Body>
            </MixEnv:Envelope>
            """
        let (records, report) = Ingest.records(bytes: Array(text.utf8), name: "g.xml")
        #expect(report.format == .xml)
        #expect(records.count == 2)
        let e = records[0].event
        #expect(e.errorLevel == 1 && e.code == "MIX-100000" && e.decisiveLine == 5)
        #expect(e.timestamp?.description == "2026-11-18T10:00:00.000+00:00")
        #expect(records[1].event.line == 9 && records[1].event.messageId == "m2")
    }

    @Test func `forced format and text before the first header`() throws {
        let text = "garbage first line\n2026-11-18 10:00:00.000|INFO|x|hello\n"
        var o = IngestOptions()
        o.format = .text
        let (records, report) = Ingest.records(bytes: Array(text.utf8), name: "h.log", options: o)
        #expect(report.formatReason.contains("forced"))
        #expect(records.map(\.event.line) == [1, 2])
        #expect(records[0].event.timestamp == nil)
    }

    @Test func `oversized records are cut and reported`() throws {
        var text = "2026-11-18 10:00:00.000|ERROR|x|big\n"
        for _ in 0..<200 { text += String(repeating: "y", count: 99) + "\n" }
        text += "2026-11-18 10:00:01.000|INFO|x|next\n"
        var o = IngestOptions()
        o.maxRecordBytes = 4096
        let (records, report) = Ingest.records(bytes: Array(text.utf8), name: "i.log", options: o)
        #expect(records.count == 2)
        #expect(records[0].bytes.count <= 4096)
        #expect(records[0].event.endLine == 201)
        #expect(records[1].event.line == 202)
        #expect(report.warnings.contains { $0.kind == .recordCut && $0.line == 1 })
    }
}
