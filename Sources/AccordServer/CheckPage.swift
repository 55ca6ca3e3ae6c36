import AccordCore
import AccordIntel
import AccordStore
import Foundation
import Hummingbird
import Mustache

/// `/check`: the public check for a person, in English or Vietnamese, server-rendered, no
/// JavaScript. The same answer as `GET /api/v1/check`, under the same limit per address.
enum CheckPage {
    struct Words: Sendable {
        let lang: String, title: String, lead: String, valueLabel: String, countryLabel: String, countryAny: String, button: String
        let unknown: String, unknownText: String, reported: String, highRisk: String, timesIn: String
        let readAs: String, scamTypes: String, firstSeen: String, lastSeen: String
        let onlyClear: String, victim: String, unreadable: String, tooMany: String, other: String, otherLabel: String
    }

    static let english = Words(
        lang: "en", title: "Check before you pay", lead: "A phone number, a link, an e-mail address, a wallet or an account someone asked you to pay or call.",
        valueLabel: "What to check", countryLabel: "Country, for national numbers", countryAny: "any", button: "Check",
        unknown: "Not reported", unknownText: "No public report names this value. That does not make it safe: stop if someone pressures you to pay.",
        reported: "Reported", highRisk: "High risk", timesIn: "time(s) in public reports, in",
        readAs: "Read as", scamTypes: "Scam types", firstSeen: "First reported", lastSeen: "Last reported",
        onlyClear: "Only public (TLP:CLEAR) reports count here; no victim or report is ever shown.",
        victim: "If you have been scammed, contact your bank at once and report it to the police.",
        unreadable: "Accord cannot read this as a phone number, link, e-mail address, wallet or account",
        tooMany: "Too many checks from your connection: try again in %d seconds.", other: "vi", otherLabel: "Tiếng Việt")

    static let vietnamese = Words(
        lang: "vi", title: "Kiểm tra trước khi chuyển tiền", lead: "Số điện thoại, đường link, email, ví tiền điện tử hoặc tài khoản mà ai đó yêu cầu bạn chuyển tiền hoặc gọi đến.",
        valueLabel: "Giá trị cần kiểm tra", countryLabel: "Quốc gia, cho số điện thoại trong nước", countryAny: "bất kỳ", button: "Kiểm tra",
        unknown: "Chưa bị báo cáo", unknownText: "Chưa có báo cáo công khai nào về giá trị này. Điều đó không có nghĩa là nó an toàn: hãy dừng lại nếu ai đó thúc ép bạn chuyển tiền.",
        reported: "Đã bị báo cáo", highRisk: "Nguy cơ cao", timesIn: "lần trong các báo cáo công khai, tại",
        readAs: "Được đọc là", scamTypes: "Loại lừa đảo", firstSeen: "Báo cáo lần đầu", lastSeen: "Báo cáo gần nhất",
        onlyClear: "Chỉ các báo cáo công khai (TLP:CLEAR) được tính ở đây; không bao giờ hiển thị nạn nhân hay nội dung báo cáo.",
        victim: "Nếu bạn đã bị lừa, hãy liên hệ ngay với ngân hàng và báo cho cơ quan công an.",
        unreadable: "Accord không đọc được giá trị này là số điện thoại, đường link, email, ví hay tài khoản",
        tooMany: "Bạn đã kiểm tra quá nhiều lần: vui lòng thử lại sau %d giây.", other: "en", otherLabel: "English")

    static let template: MustacheTemplate = try! MustacheTemplate(string: #"""
    <!doctype html>
    <html lang="{{words.lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{words.title}} · Accord</title>
    <style>
    body { font: 17px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
    main { max-width: 36rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    h1 { font-size: 1.6rem; margin: .5rem 0; }
    .lead { color: #4a5263; margin-top: 0; }
    form { background: #fff; border-radius: .6rem; padding: 1rem; box-shadow: 0 1px 3px #0002; }
    label { display: block; font-weight: 600; margin: .6rem 0 .2rem; }
    input, select { width: 100%; box-sizing: border-box; font: inherit; padding: .55rem; border: 1px solid #b9bfcc; border-radius: .4rem; }
    button { margin-top: 1rem; width: 100%; font: inherit; font-weight: 700; padding: .65rem; border: 0; border-radius: .4rem; background: #1f5fbf; color: #fff; }
    .result { margin-top: 1.2rem; border-radius: .6rem; padding: 1rem; background: #fff; border-left: .5rem solid #8a93a6; }
    .result.reported { border-color: #e0a100; } .result.high_risk { border-color: #c62828; background: #fff5f5; }
    .verdict { font-size: 1.3rem; font-weight: 800; margin: 0 0 .3rem; }
    .high_risk .verdict { color: #b71c1c; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: .6rem 0 0; }
    dt { color: #4a5263; } dd { margin: 0; word-break: break-all; }
    .error { margin-top: 1.2rem; padding: .8rem 1rem; background: #fff3e0; border-radius: .6rem; }
    .note { color: #4a5263; font-size: .9rem; margin-top: 1.2rem; }
    nav { text-align: right; font-size: .95rem; }
    </style>
    </head>
    <body><main>
    <nav><a href="/check?lang={{words.other}}{{#valueQuery}}&amp;value={{valueQuery}}{{/valueQuery}}">{{words.otherLabel}}</a></nav>
    <h1>{{words.title}}</h1>
    <p class="lead">{{words.lead}}</p>
    <form method="get" action="/check">
    <input type="hidden" name="lang" value="{{words.lang}}">
    <label for="value">{{words.valueLabel}}</label>
    <input id="value" name="value" value="{{value}}" autocomplete="off" required maxlength="2048" placeholder="+84 912 345 678">
    <label for="country">{{words.countryLabel}}</label>
    <select id="country" name="country"><option value="">{{words.countryAny}}</option>{{#countries}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}}</option>{{/countries}}</select>
    <button type="submit">{{words.button}}</button>
    </form>
    {{#error}}<p class="error">{{error}}</p>{{/error}}
    {{#answer}}
    <section class="result {{verdict}}">
    <p class="verdict">{{verdictText}}</p>
    {{#unknown}}<p>{{words.unknownText}}</p>{{/unknown}}
    {{^unknown}}<p><strong>{{reports}}</strong> {{words.timesIn}} {{countryList}}.</p>{{/unknown}}
    <dl>
    <dt>{{words.readAs}}</dt><dd>{{kind}}: {{canonical}}</dd>
    {{^unknown}}<dt>{{words.scamTypes}}</dt><dd>{{scamTypes}}</dd>
    <dt>{{words.firstSeen}}</dt><dd>{{firstSeen}}</dd>
    <dt>{{words.lastSeen}}</dt><dd>{{lastSeen}}</dd>{{/unknown}}
    </dl>
    </section>
    {{/answer}}
    <p class="note">{{words.onlyClear}} {{words.victim}}</p>
    </main></body>
    </html>
    """#)

    /// The words of the page: `lang` when given, else the first language the browser accepts.
    static func words(_ request: Request) -> Words {
        if let lang = request.uri.formParameters.get("lang") { return lang.lowercased().hasPrefix("vi") ? vietnamese : english }
        let accepted = request.headers[.acceptLanguage]?.lowercased() ?? ""
        return accepted.hasPrefix("vi") ? vietnamese : english
    }
}

extension AccordServer {
    func checkPage(_ request: Request, _ context: AccordContext) async throws -> Response {
        let words = CheckPage.words(request)
        let query = request.uri.formParameters
        let value = query.get("value")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let country = query.get("country").flatMap(Countries.code)
        var data: [String: Any] = [
            "words": Mirror(reflecting: words).children.reduce(into: [String: String]()) { $0[$1.label!] = $1.value as? String },
            "value": value,
            "valueQuery": value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "",
            "countries": CountrySet.all.map { ["code": $0, "selected": $0 == country] },
        ]
        var status = HTTPResponse.Status.ok
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"]
        if !value.isEmpty {
            if let wait = checks.retryAfter(context.clientAddress) {
                status = .tooManyRequests
                headers[.retryAfter] = String(wait)
                data["error"] = String(format: words.tooMany, wait)
            } else {
                do {
                    let indicator = try Self.canonical(value, kind: nil, country: country, node.reader.canonicalizer)
                    let answer = CheckAnswer(indicator, node.publicKnowledge(of: indicator))
                    data["answer"] = [
                        "verdict": answer.verdict.rawValue, "unknown": answer.verdict == .unknown,
                        "verdictText": answer.verdict == .unknown ? words.unknown : answer.verdict == .reported ? words.reported : words.highRisk,
                        "reports": answer.reports, "countryList": answer.countries.joined(separator: ", "),
                        "kind": answer.kind, "canonical": answer.value, "scamTypes": answer.scamTypes.joined(separator: ", "),
                        "firstSeen": answer.firstSeen.map { String($0.prefix(10)) } ?? "", "lastSeen": answer.lastSeen.map { String($0.prefix(10)) } ?? "",
                    ] as [String: Any]
                } catch let problem as Problem {
                    status = .badRequest
                    data["error"] = problem.detail.contains("not a valid") ? "\(words.unreadable): \(value)" : problem.detail
                }
            }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: CheckPage.template.render(data))))
    }
}
