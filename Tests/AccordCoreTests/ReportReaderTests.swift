@testable import AccordCore
import Foundation
import Testing

@Suite("Reading reports")
struct ReportReaderTests {
    let reader = ReportReader(canonicalizer: canonicalizer, now: { Date(timeIntervalSince1970: 1_790_000_000) })

    @Test("the contract's example line")
    func example() throws {
        let report = try reader.read(json: #"{"id":"0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b","external_ref":"VN-2026-1142","country":"VN","scam_type":"investment","reported_at":"2026-10-01T08:00:00Z","occurred_at":"2026-09-20","loss":{"amount":"5000","currency":"USDT"},"narrative":"…","tlp":"amber","pap":"green","indicators":[{"kind":"phone","value":"0912 345 678"},{"kind":"wallet","value":"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t","chain":"tron"},{"kind":"handle","value":"@invest_mia","platform":"telegram"}]}"#)
        #expect(report.canonicalIndicators.map(\.description) == ["phone:+84912345678", "wallet:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "handle:telegram:invest_mia"])
        #expect(report.reportedAt == Date(timeIntervalSince1970: 1_790_841_600))
        #expect(report.indicators[0].raw.value == "0912 345 678")
        #expect(report.loss?.amount == "5000")
    }

    @Test("RFC 3339 times and dates")
    func times() {
        #expect(RFC3339.parse("2026-10-01T08:00:00Z") == Date(timeIntervalSince1970: 1_790_841_600))
        #expect(RFC3339.parse("2026-10-01T15:00:00+07:00") == RFC3339.parse("2026-10-01T08:00:00Z"))
        #expect(RFC3339.parse("2026-10-01", allowDate: true) == Date(timeIntervalSince1970: 1_790_812_800))
        #expect(RFC3339.parse("2026-10-01") == nil)
        #expect(RFC3339.parse("2026-02-30T00:00:00Z") == nil)
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_790_841_600)) == "2026-10-01T08:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 951_825_599.9)) == "2000-02-29T11:59:59Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00Z")
        // Every format reads back as the same second.
        for seconds in stride(from: -86_400 * 800, through: 4_102_444_800, by: 7_654_321) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(RFC3339.parse(RFC3339.format(date)) == date)
        }
    }

    @Test("markings: the exact names, and the spellings people write")
    func markings() {
        #expect(TLP(loose: "amber") == .amber)
        #expect(TLP(loose: "TLP:AMBER+STRICT") == .amberStrict)
        #expect(TLP(loose: "amber-strict") == .amberStrict)
        #expect(TLP(loose: "TLP: Red") == .red)
        #expect(TLP(loose: "white") == .clear)
        #expect(TLP(loose: "purple") == nil)
        #expect(PAP(loose: "green") == .green)
        #expect(PAP(loose: "PAP:WHITE") == .clear)
        #expect(PAP(loose: "amber+strict") == nil)
    }

    @Test("short fields refuse control characters, not other scripts")
    func controlCharacters() throws {
        for bad in [#"VN\u0007-1"#, #"VN\u0085-1"#, #"VN\u007f-1"#] {
            #expect(throws: ReportError.self) { try reader.read(json: #"{"country":"VN","external_ref":"\#(bad)"}"#) }
        }
        let report = try reader.read(json: #"{"country":"VN","external_ref":"Vụ-2026/Lừa đảo","organisation":"公安部"}"#)
        #expect(report.externalRef == "Vụ-2026/Lừa đảo")
        #expect(report.organisation == "公安部")
    }

    @Test("ids: given, or derived from the external reference, or from the text")
    func ids() throws {
        let a = try reader.read(json: #"{"country":"VN","external_ref":"X-1","organisation":"VN-C05"}"#)
        let b = try reader.read(json: #"{"country":"TH","external_ref":"X-1","organisation":"VN-C05"}"#)
        #expect(a.id == b.id)  // the same reference from the same organisation is the same report
        let c = try reader.read(json: #"{"country":"VN","narrative":"x"}"#)
        let d = try reader.read(json: #"{"country":"VN","narrative":"x"}"#)
        #expect(c.id == d.id)
        #expect(c.id != a.id)
    }

    @Test("bad input names the field", arguments: [
        (#"{"country":"VN","colour":"red"}"#, "colour", "unknown field"),
        (#"{"country":"Vietnam"}"#, "country", "'Vietnam' is not an ISO 3166-1 alpha-2 code"),
        (#"{"country":"VN","scam_type":"pig_butchering"}"#, "scam_type", "'pig_butchering' is not one of"),
        (#"{"country":"VN","reported_at":"yesterday"}"#, "reported_at", "'yesterday' is not an RFC 3339 time"),
        (#"{"country":"VN","loss":{"amount":"-5","currency":"USD"}}"#, "loss.amount", "'-5' is not a non-negative decimal"),
        (#"{"country":"VN","loss":{"amount":"5","currency":"DOLLARS"}}"#, "loss.currency", "'DOLLARS' is neither"),
        (#"{"country":"VN","loss":{"amount":"5","currency":"USD","rate":1}}"#, "loss.rate", "unknown field"),
        (#"{"country":"VN","tlp":"orange"}"#, "tlp", "'orange' is not a TLP 2.0 marking"),
        (#"{"country":"VN","indicators":[{"kind":"fax","value":"1"}]}"#, "indicators[0].kind", "'fax' is not one of"),
        (#"{"country":"VN","indicators":[{"kind":"phone"}]}"#, "indicators[0].value", "missing"),
        (#"{"country":"VN","indicators":[{"kind":"phone","value":"1","colour":"x"}]}"#, "indicators[0].colour", "unknown field"),
        (#"{"country":42}"#, "country", "should be a string"),
        (#"{"country":"VN","id":"not-a-uuid"}"#, "id", "'not-a-uuid' is not a UUID"),
        (#"{"country":"VN","indicators":{"kind":"phone"}}"#, "indicators", "should be"),
    ])
    func badInput(line: String, field: String, reason: String) {
        do {
            _ = try reader.read(json: line)
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.field == field)
            #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        }
    }

    @Test("not JSON, oversized fields")
    func structural() {
        #expect(throws: ReportError.self) { try reader.read(json: "{\"country\":") }
        #expect(throws: ReportError.self) { try reader.read(json: "[1,2]") }
        let big = String(repeating: "a", count: ReportReader.maxNarrativeBytes + 1)
        do { _ = try reader.read(json: #"{"country":"VN","narrative":"\#(big)"}"#) } catch {
            #expect(error.field == "narrative")
        }
        do { _ = try reader.read(json: #"{"country":"VN","external_ref":"\#(String(repeating: "r", count: 300))"}"#) } catch {
            #expect(error.description == "external_ref: longer than 256 bytes")
        }
    }

    @Test("the fast JSON path and JSONDecoder read every line alike", arguments: [
        #"{"country":"VN","external_ref":"A\"1\\2\u00e9\ud83d\ude00\n","narrative":"Lời mời \/ đầu tư","tlp":null}"#,
        #"  { "country" : "TH" , "loss" : { "amount" : 5000.50 , "currency" : "thb" } , "indicators" : [ ] }  "#,
        #"{"country":"PH","loss":{"amount":"12.10","currency":"PHP"},"indicators":[{"kind":"phone","value":"0917 123 4567","country":null},{"kind":"url","value":"hxxp://evil[.]example[.]com/a b"}]}"#,
        #"{"id":"0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b","country":"VN","scam_type":"loan","reported_at":"2026-10-01T08:00:00Z","occurred_at":"2026-09-20","pap":"red"}"#,
        #"{"country":"VN","loss":{"amount":1e3,"currency":"USD"}}"#,
        #"{"country":"VN","indicators":[{"kind":"wallet","value":"T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb","chain":"tron","bank":null,"platform":null}]}"#,
        #"{"country":"VN","colour":"red"}"#,
        #"{"country":"VN","loss":null}"#,
        #"{}"#,
        #"{"country":"VN"} trailing"#,
    ])
    func fastPathAgrees(line: String) {
        let fast = Result { () throws(ReportError) in try reader.read(json: line, fastPath: true) }
        let slow = Result { () throws(ReportError) in try reader.read(json: line, fastPath: false) }
        switch (fast, slow) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a == b)
        default: Issue.record("paths disagree on \(line): \(fast) vs \(slow)")
        }
    }

    @Test("a loss given as a JSON number keeps every digit")
    func numericLoss() throws {
        let report = try reader.read(json: #"{"country":"VN","loss":{"amount":1234567.89,"currency":"vnd"}}"#)
        #expect(report.loss == (try Money(amount: "1234567.89", currency: "VND")))
        #expect(try Money(amount: "05000", currency: "usdt").amount == "5000")
    }
}
