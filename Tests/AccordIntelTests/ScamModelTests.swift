import AccordCore
@testable import AccordIntel
import AccordTestSupport
import Foundation
import Testing

@Suite("The scam model, its file and the analyser")
struct ScamModelTests {
    static let extractor = Extractor(canonicalizer: Canonicalizer(cardKey: nil))

    /// A small labelled set in three languages: enough to train a model in a moment.
    static let toy: [LabelledMessage] = {
        func m(_ text: String, _ scam: Bool, _ type: ScamType?, _ set: String = "toy") -> LabelledMessage {
            LabelledMessage(text: text, set: set, language: "en", scam: scam, type: type, label: scam ? (type?.rawValue ?? "spam") : "ham")
        }
        return [
            m("WIN a free prize now, call 09061701461 to claim your cash", true, .prize),
            m("Congratulations you won 1000 cash, text CLAIM to 80086", true, .prize),
            m("You have been selected for a prize draw, claim today", true, .prize),
            m("Your loan of 5000 is approved, pay the fee to receive it", true, .loan),
            m("Fast loan, low interest, no collateral, apply now via WA", true, .loan),
            m("Pinjaman dana cepat bunga rendah, hubungi WA", true, .loan),
            m("URGENT your bank account is locked, verify at http://bit.ly/x", true, .phishing),
            m("Your mailbox is full, log in here to keep your account", true, .phishing),
            m("are we still on for lunch tomorrow?", false, nil), m("I'll call you when I get home", false, nil),
            m("see you at the station at 6", false, nil), m("happy birthday! love you", false, nil),
            m("can you buy milk on the way back", false, nil), m("the meeting moved to 3pm, room 4", false, nil),
            m("thanks for dinner last night", false, nil), m("did you feed the cat?", false, nil),
            m("我们明天一起吃午饭吧", false, nil), m("您的贷款已批准，请先支付手续费", true, .loan),
        ]
    }()

    /// Training options quick enough for the toy set: two folds, at most 100 steps.
    static var quick: ScamModel.TrainingOptions {
        var options = ScamModel.TrainingOptions()
        options.folds = 2
        options.iterations = 100
        return options
    }

    static func toyModel(shapes: Bool = true, runs: Bool = true, rawDigits: Bool = true) -> ScamModel {
        ScamModel.train(toy, sources: [], features: TextFeatures(dimension: 1 << 12, shapes: shapes, runs: runs, rawDigits: rawDigits), options: quick)
    }

    @Test("a trained model learns its data; the same data give the same model and version")
    func trains() throws {
        let model = Self.toyModel()
        for message in Self.toy {
            let p = try #require(model.scamProbability(slots: model.features.slots(message.text)))
            #expect((p >= 0.5) == message.scam, "\(message.text): \(p)")
        }
        #expect(model.metadata.version == Self.toyModel().metadata.version && model.metadata.version.hasPrefix("text-"))
        #expect(model.type(slots: model.features.slots("claim your free prize, call now")).type == "prize")
        #expect(Set(model.metadata.types) == ["prize", "loan", "phishing"])
        #expect(model.knownScripts == ["latin", "han"])
    }

    @Test("with several values of C, cross-validation chooses one, and the model is the one that C alone gives")
    func chooseC() throws {
        var options = Self.quick
        options.candidates = [30, 0.001]
        let features = TextFeatures(dimension: 1 << 12)
        var lines: [String] = []
        let chosen = ScamModel.train(Self.toy, sources: [], features: features, options: options) { lines.append($0) }
        #expect([30, 0.001].contains(chosen.metadata.training.c))
        #expect(chosen.metadata.training.candidates == [30, 0.001])
        #expect(lines.filter { $0.contains("scams caught") }.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("C = \(chosen.metadata.training.c) chosen") }, "\(lines)")
        var single = Self.quick
        single.c = chosen.metadata.training.c
        let alone = ScamModel.train(Self.toy, sources: [], features: features, options: single)
        #expect(alone.metadata.version == chosen.metadata.version && alone.metadata.threshold == chosen.metadata.threshold)
        // The choice survives the file.
        #expect(try ScamModel.decode(try chosen.encoded()).metadata.training == chosen.metadata.training)
    }

    @Test("inverse document frequencies: a feature of every message weighs 1, a rarer one more, in sixteenths")
    func idfValues() {
        let features = TextFeatures(dimension: 1 << 12, shapes: false)
        let texts = ["alpha beta", "alpha gamma", "alpha delta"]
        let q = ScamModel.IDF.quantised(texts.map { features.slots($0) }, dimension: features.dimension)
        let sets = texts.map { Set(features.slots($0)) }
        let everywhere = sets[0].intersection(sets[1]).intersection(sets[2])
        let once = sets[0].subtracting(sets[1]).subtracting(sets[2])
        #expect(!everywhere.isEmpty && !once.isEmpty)
        for slot in everywhere { #expect(q[slot] == 0 && ScamModel.IDF.value(q[slot]) == 1) }
        for slot in once { #expect(q[slot] == 11) }  // 16 × ln(4 / 2) = 11.09
        #expect(ScamModel.IDF.squares[32] == 9)
    }

    @Test("with idf the detector learns, its file keeps the weights and predicts as trained, a cut file is refused")
    func idfModel() throws {
        var options = Self.quick
        options.idf = true
        let features = TextFeatures(dimension: 1 << 12)
        let model = ScamModel.train(Self.toy, sources: [], features: features, options: options)
        #expect(model.idf?.count == features.dimension)
        for message in Self.toy {
            let p = try #require(model.scamProbability(slots: model.features.slots(message.text)))
            #expect((p >= 0.5) == message.scam, "\(message.text): \(p)")
        }
        let plain = Self.toyModel()
        #expect(model.metadata.version != plain.metadata.version)
        let bytes = try model.encoded()
        let loaded = try ScamModel.decode(bytes)
        #expect(loaded.metadata.training.idf && loaded.idf == model.idf && loaded.disagreeingProbes().isEmpty)
        for message in Self.toy {
            let slots = model.features.slots(message.text)
            #expect(loaded.scamProbability(slots: slots) == model.scamProbability(slots: slots))
        }
        #expect(throws: ModelError.self) { try ScamModel.decode(bytes.dropLast(features.dimension)) }
        // Without idf the option is not written at all (older files stay as they were).
        #expect(!String(decoding: try plain.encoded().prefix(2_000), as: UTF8.self).contains("\"idf\""))
        #expect(String(decoding: bytes.prefix(2_000), as: UTF8.self).contains("\"idf\":true"))
    }

    @Test("a data set's weight changes the detector, is kept in the model file, and is not written when unused")
    func setWeights() throws {
        var options = Self.quick
        let features = TextFeatures(dimension: 1 << 12)
        // The toy's Indonesian and Chinese messages as sets of their own.
        let messages = Self.toy.map { m in
            m.text.hasPrefix("Pinjaman") || m.text.hasPrefix("我们") || m.text.hasPrefix("您的")
                ? LabelledMessage(text: m.text, set: "other", language: m.language, scam: m.scam, type: m.type, label: m.label) : m
        }
        let plain = ScamModel.train(messages, sources: [], features: features, options: options)
        options.setWeights = ["toy": 1]
        #expect(ScamModel.train(messages, sources: [], features: features, options: options).metadata.version == plain.metadata.version,
                "a weight of 1 is no weight")
        options.setWeights = ["other": 0.1]
        let weighted = ScamModel.train(messages, sources: [], features: features, options: options)
        #expect(weighted.metadata.version != plain.metadata.version)
        let loan = features.slots("Pinjaman dana cepat bunga rendah, hubungi WA")
        #expect(try #require(weighted.scamProbability(slots: loan)) < (try #require(plain.scamProbability(slots: loan))),
                "a set that counts less is learnt less")
        let loaded = try ScamModel.decode(try weighted.encoded())
        #expect(loaded.metadata.training.setWeights == ["other": 0.1] && loaded.disagreeingProbes().isEmpty)
        #expect(!String(decoding: try plain.encoded().prefix(2_000), as: UTF8.self).contains("set_weights"))
    }

    @Test("the model file loads and gives the same predictions as at training time")
    func file() throws {
        let model = Self.toyModel()
        let loaded = try ScamModel.decode(try model.encoded())
        #expect(loaded.metadata == model.metadata)
        #expect(!loaded.metadata.probes.isEmpty && loaded.disagreeingProbes().isEmpty)
        for message in Self.toy + [LabelledMessage(text: "something else entirely 123", set: "", language: "", scam: false, type: nil, label: "")] {
            let slots = model.features.slots(message.text)
            #expect(loaded.scamProbability(slots: slots) == model.scamProbability(slots: slots))
            #expect(loaded.typeProbabilities(slots: slots) == model.typeProbabilities(slots: slots))
        }
        // A probe's score may differ in its last bits (another machine's exp), not more.
        var nudged = model
        nudged.metadata.probes[0].probability = nudged.metadata.probes[0].probability.nextUp
        #expect(nudged.disagreeingProbes().isEmpty)
        var moved = model
        moved.metadata.probes[0].probability += moved.metadata.probes[0].probability > 0.5 ? -0.001 : 0.001
        #expect(moved.disagreeingProbes().map(\.text) == [model.metadata.probes[0].text])
    }

    @Test("explanations: words by their weight, a shape feature by its weight against its other buckets'")
    func explanations() throws {
        let model = Self.toyModel()
        let text = "WIN a free prize now, call 09061701461 to claim"
        let reasons = model.explain(text, top: 1_000)
        #expect(reasons.count >= 5 && zip(reasons, reasons.dropFirst()).allSatisfy { $0.weight >= $1.weight })
        let buckets = model.features.shapeBucketSlots
        #expect(buckets.map(\.count) == [7, 11, 6, 15, 11])
        for (name, slot) in model.features.named(text) {
            guard let reason = reasons.first(where: { $0.feature == name }) else { continue }
            var expected = Float(model.detector[slot])
            if name.hasPrefix("[") {
                let key = try #require(buckets.firstIndex { $0.contains(slot) })
                expected -= buckets[key].reduce(Float(0)) { $0 + Float(model.detector[$1]) } / Float(buckets[key].count)
            }
            #expect(abs(reason.weight - expected * model.metadata.detectorScale) < 1e-4, "\(name)")
        }
        // Each feature weighs one way or the other, the shape features too.
        let against = model.explain(text, towardsScam: false, top: 1_000)
        let named = model.features.named(text)
        let shapes = named.filter { feature in feature.name.hasPrefix("[") && named.filter { $0.slot == feature.slot }.count == 1 }
        #expect(shapes.count >= 3, "\(named.filter { $0.name.hasPrefix("[") })")  // 4,096 slots: one may share a word's
        for shape in shapes { #expect((reasons + against).contains { $0.feature == shape.name }, "\(shape.name)") }
        #expect(Set(reasons.map(\.feature)).isDisjoint(with: against.map(\.feature)))
    }

    @Test("an explanation's top features are those that ranking every feature would give, in the same order")
    func explanationsTop() throws {
        let model = try ScamModel.shipped.get()
        var texts = ["WIN a free prize now, call 09061701461 to claim", "are we still on for lunch tomorrow?", "您好，我是公安局民警，您的银行账户涉嫌洗钱",
                     "Pinjaman dana cepat bunga 2%, WA 0852-8336-0989", "ok ok ok ok", "a", "£££ FREE FREE FREE"]
        if let directory = SharedData.directory {
            texts += try Corpus.load(directory: directory, sets: ["uci_sms", "zh_telecom"]).flatMap(\.messages).map(\.text).prefix(1_500)
        } else {
            print("real messages skipped in the explanation check: ../shared/data is absent")
        }
        let buckets = model.features.shapeBucketSlots
        for text in texts {
            // Every feature named and ranked, each slot by the first feature met in it.
            var seen = Set<Int>()
            var all: [(feature: String, weight: Float)] = []
            for (name, slot) in model.features.named(text) where seen.insert(slot).inserted {
                var weight = Float(model.detector[slot])
                if name.hasPrefix("["), let key = buckets.firstIndex(where: { $0.contains(slot) }) {
                    weight -= buckets[key].reduce(Float(0)) { $0 + Float(model.detector[$1]) } / Float(buckets[key].count)
                }
                all.append((name, weight * model.metadata.detectorScale))
            }
            for towardsScam in [true, false] {
                let ranked = all.map { ($0.feature, towardsScam ? $0.weight : -$0.weight) }.filter { $0.1 > 0 }
                    .enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }.map(\.element)
                for top in [1, 5, 12] {
                    let reasons = model.explain(text, towardsScam: towardsScam, top: top)
                    let expected = Array(ranked.prefix(top))
                    #expect(reasons.map(\.feature) == expected.map(\.0) && reasons.map(\.weight) == expected.map(\.1), "\(text.prefix(40)) top \(top)")
                }
            }
        }
    }

    @Test("a model file from before the shape features reads without them and predicts as it did")
    func olderFile() throws {
        let model = Self.toyModel(shapes: false)
        #expect(try ScamModel.decode(try model.encoded()).features.shapes == false)
        #expect(try ScamModel.decode(try Self.toyModel().encoded()).features.shapes == true)
        // The same file as written before the option existed: no "shapes" key in its metadata.
        var bytes = [UInt8](try model.encoded())
        let length = Int(UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24)
        let json = String(decoding: bytes[16..<(16 + length)], as: UTF8.self)
        #expect(json.contains("\"shapes\":false,"))
        let older = Array(json.replacingOccurrences(of: "\"shapes\":false,", with: "").utf8)
        withUnsafeBytes(of: UInt32(older.count).littleEndian) { bytes.replaceSubrange(12..<16, with: $0) }
        bytes.replaceSubrange(16..<(16 + length), with: older)
        let loaded = try ScamModel.decode(Data(bytes))
        #expect(loaded.metadata.shapes == nil && loaded.features.shapes == false)
        #expect(loaded.disagreeingProbes().isEmpty)
    }

    @Test("a model file made before runs (n-grams over words) or before raw digits (every digit 0) says nothing of them, and reads and predicts as it did",
          arguments: ["runs", "raw_digits"])
    func olderReadingFile(key: String) throws {
        let older = key == "runs" ? Self.toyModel(runs: false) : Self.toyModel(rawDigits: false), newer = Self.toyModel()
        let json = { (model: ScamModel) throws -> String in
            let bytes = [UInt8](try model.encoded())
            let length = Int(UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24)
            return String(decoding: bytes[16..<(16 + length)], as: UTF8.self)
        }
        #expect(try !json(older).contains("\"\(key)\"") && json(newer).contains("\"\(key)\":true"))
        let loaded = try ScamModel.decode(try older.encoded())
        #expect((key == "runs" ? loaded.metadata.runs : loaded.metadata.rawDigits) == nil)
        #expect(loaded.features == older.features && loaded.features != newer.features && loaded.disagreeingProbes().isEmpty)
        #expect(try ScamModel.decode(try newer.encoded()).features == newer.features)
        #expect(older.metadata.version != newer.metadata.version, "the two readings give two models")
    }

    @Test("a damaged or foreign model file is refused with a reason")
    func badFiles() throws {
        let bytes = try Self.toyModel().encoded()
        func reason(_ data: Data) -> String? {
            do { _ = try ScamModel.decode(data); return nil } catch { return "\(error)" }
        }
        #expect(reason(Data("not a model".utf8))?.contains("not an Accord scam model") == true)
        #expect(reason(bytes.dropLast(1))?.contains("bytes") == true)
        #expect(reason(bytes + [0])?.contains("bytes") == true)
        var future = bytes
        future[8] = 9
        #expect(reason(future)?.contains("format 9") == true)
        var broken = bytes
        broken[20] = 0x7B
        #expect(reason(broken) != nil)
    }

    @Test("the shipped model loads, agrees with its probes, and reads English, Chinese and Indonesian")
    func shipped() throws {
        let model = try ScamModel.shipped.get()
        #expect(model.disagreeingProbes().isEmpty)
        #expect(Set(model.metadata.sources.map(\.name)) == ["uci_sms", "id_sms", "zh_telecom", "nazario_phishing"])
        // Read and written again, the file is the same to the byte (an option added since writes nothing when unused).
        let url = try #require(ScamModel.shippedFile)
        let bytes = try Data(contentsOf: url)
        #expect(try ScamModel.decode(bytes).encoded() == bytes)
        let analyzer = Analyzer(model: model, extractor: Self.extractor)
        #expect(analyzer.analyze("Congratulations! You have won a £1000 prize. Call 09061701461 now to claim").verdict == .scam)
        #expect(analyzer.analyze("ok, see you at home after work").verdict == .benign)
        let police = analyzer.analyze("您好，我是公安局民警，您的银行账户涉嫌洗钱，请立即将资金转入安全账户配合调查")
        #expect(police.verdict == .scam && police.scamType == "impersonation_authority")
        #expect(analyzer.analyze("明天下午三点开会，请准时参加").verdict == .benign)
        let loan = analyzer.analyze("Pinjaman dana cepat bunga 2% proses mudah tanpa agunan. Minat WA 0852-8336-0989", country: "ID")
        #expect(loan.verdict == .scam && loan.scamType == "loan")
        #expect(loan.indicators.map(\.found.indicator.description).contains("phone:+6285283360989"))
    }

    @Test("bad input: the analyser never crashes, bounds its work and says when it cannot judge")
    func badInput() throws {
        let analyzer = Analyzer(model: Self.toyModel(), extractor: Self.extractor)
        for text in ["", "   ", "🎁🎁🎁", "!!!", "\u{200B}\u{202E}\u{2066}"] {
            let analysis = analyzer.analyze(text)
            #expect(analysis.verdict == .unknown && analysis.note != nil && analysis.textScore == nil, "\(text.debugDescription)")
        }
        let binary = String(decoding: (0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 37) }, as: UTF8.self)
        #expect(analyzer.analyze(binary).note?.contains("binary") == true)
        let arabic = analyzer.analyze("مرحبا، لقد ربحت جائزة، اتصل الآن")
        #expect(arabic.verdict == .unknown && arabic.note?.contains("arabic") == true)
        // A key, a token or a file pasted as text is not a message; a message holding one is.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hex = bytes.prefix(32).map { String($0, radix: 16) }.joined()
        for blob in [Data(bytes).base64EncodedString(), hex, "Code " + hex,
                     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"] {
            let analysis = analyzer.analyze(blob)
            #expect(analysis.verdict == .unknown && analysis.note?.contains("encoded data") == true, "\(blob)")
        }
        for text in ["Your parcel is held, pay the fee at https://dhl-redeliver.top/p/AbC8d9fEe0Gh1IjK2lMn3OpQ4rSt5UvW now",
                     "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "your one-time code is " + hex + ", do not share it",
                     "Congratulationsyouhavewonafreeprizeclaimnowbycallingus"] {
            #expect(analyzer.analyze(text).textScore != nil, "\(text)")
        }
        // Mixed scripts the model knows are judged; invisible characters change nothing.
        let mixed = analyzer.analyze("WIN a free prize 现在 claim")
        #expect(mixed.verdict != .unknown)
        #expect(analyzer.analyze("W\u{200B}IN a fr\u{200D}ee prize now, claim").textScore == analyzer.analyze("WIN a free prize now, claim").textScore)
        let huge = analyzer.analyze(String(repeating: "free prize claim now ", count: 100_000))
        #expect(huge.note?.contains("only the first") == true && huge.verdict == .scam)
    }

    @Test("what the node knows of an indicator raises the risk; a warning-listed value does not")
    func knowledge() throws {
        let analyzer = Analyzer(model: Self.toyModel(), extractor: Self.extractor)
        let text = "see you at the station, my number is +44 7700 900123"
        let alone = analyzer.analyze(text)
        #expect(alone.verdict == .benign)
        let known = analyzer.analyze(text) { $0.value == "+447700900123" ? KnownIndicator(reports: 3, countries: ["GB", "VN"]) : nil }
        #expect(known.verdict == .scam && known.score > 0.9 && known.textScore == alone.textScore)
        #expect(known.indicators.first?.known?.countries == ["GB", "VN"])
        let warned = analyzer.analyze(text) { _ in KnownIndicator(reports: 5, countries: ["GB", "VN"], warned: true) }
        #expect(warned.verdict == .benign && warned.score == alone.score)
        // A text that cannot be judged is a scam when its indicators are known well enough.
        let arabic = analyzer.analyze("اتصل +44 7700 900123") { _ in KnownIndicator(reports: 2, countries: ["GB", "AE"]) }
        #expect(arabic.verdict == .scam && arabic.textScore == nil)
    }

    @Test("the evaluation's split has no leakage: no test message, nor a copy of it, is in training")
    func noLeakage() throws {
        var messages = Self.toy + Self.toy.prefix(5)  // exact copies
        messages.append(LabelledMessage(text: Self.toy[0].text, set: "other", language: "en", scam: false, type: nil, label: "ham"))
        let (train, test, duplicates) = Evaluation.split(messages, seed: 7, testFraction: 0.3)
        #expect(duplicates == 6)
        #expect(Set(train.map(\.text)).isDisjoint(with: test.map(\.text)))
        #expect(train.count + test.count == Self.toy.count)
        guard let directory = SharedData.directory else {
            print("skipped the real-data leakage check: ../shared/data is absent")
            return
        }
        let real = try Corpus.load(directory: directory).flatMap(\.messages)
        let split = Evaluation.split(real, seed: 2026, testFraction: 0.3)
        #expect(Set(split.train.map(\.text)).isDisjoint(with: split.test.map(\.text)))
        #expect(split.train.count + split.test.count + split.duplicates == real.count && split.duplicates > 400)
    }

    @Test("the evaluation report says which C each split chose, and the oracle's mean")
    func reportNamesC() throws {
        // The toy set as English SMS, three times over with different endings (no exact copies).
        let messages = ["", " ok", " thanks"].flatMap { ending in
            Self.toy.map { LabelledMessage(text: $0.text + ending, set: "uci_sms", language: "en", scam: $0.scam, type: $0.type, label: $0.label) }
        }
        var options = Self.quick
        options.candidates = [0.001, 30]
        let runs = [1, 2].map { Evaluation.run(messages, sources: [], seed: UInt64($0), options: options) }
        let report = runs[0].markdown(command: "accord evaluate", machine: "test", others: [runs[1]])
        let c = runs[0].model.metadata.training.c, other = runs[1].model.metadata.training.c
        #expect(report.contains("C = \(String(format: "%g", c)), chosen by the same cross-validation among 0.001, 30 "), "\(report)")
        #expect(report.contains("| 1 | \(String(format: "%g", c)) | ") && report.contains("| 2 | \(String(format: "%g", other)) | "), "\(report)")
        let oracles = runs.compactMap { $0.results.first?.oracleRecall.first { $0.rate == 0.005 }?.recall }
        #expect(oracles.count == 2)
        #expect(report.contains(String(format: "the oracle at 0.5 %%: %.2f %%", (oracles[0] + oracles[1]) / 2 * 100)), "\(report)")
    }

    @Test("CSV as RFC 4180 writes it: quotes, commas and line breaks inside fields")
    func csv() throws {
        #expect(try CSV.rows("a,b\n\"x, y\",\"line\nbreak \"\"q\"\"\"\r\nlast,") == [["a", "b"], ["x, y", "line\nbreak \"q\""], ["last", ""]])
        #expect(throws: CorpusError.self) { try CSV.rows("a,\"open") }
    }
}
