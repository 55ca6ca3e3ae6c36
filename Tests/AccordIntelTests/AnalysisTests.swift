@testable import AccordIntel
import AccordTestSupport
import Foundation
import Testing

@Suite("Scam-text features and the linear model")
struct AnalysisTests {
    let features = TextFeatures(dimension: 1 << 16)

    @Test("text is normalised: compatibility forms, lower case, digits in ASCII (as 0 in older models), invisible characters gone")
    func normalise() {
        #expect(features.normalise("ＷＩＮ £１０００ NOW") == "win £1000 now")
        #expect(features.normalise("Call\u{200B}me\u{202E} 0912") == "callme 0912")
        #expect(features.normalise("Tiền thưởng ٣٤") == "tiền thưởng 34")
        #expect(TextFeatures(maxCharacters: 5).normalise("abcdefgh") == "abcde")
        let zeros = TextFeatures(dimension: 1 << 16, rawDigits: false)
        #expect(zeros.normalise("ＷＩＮ £１０００ NOW") == "win £0000 now")
        #expect(zeros.normalise("Call\u{200B}me\u{202E} 0912") == "callme 0000")
        #expect(zeros.normalise("Tiền thưởng ٣٤") == "tiền thưởng 00")
    }

    @Test("words split on anything but letters, marks and digits, and keep the symbols scams lean on")
    func words() {
        #expect(features.words(features.normalise("WIN £1000!! call: 0906-170-1461")) == ["win", "£", "1000", "!", "!", "call", "0906", "170", "1461"])
        #expect(features.words("您的账户已冻结，请点击链接") == ["您的账户已冻结", "请点击链接"])
    }

    @Test("the same text gives the same slots in every process, each once; named features map to them")
    func slots() {
        let slots = features.slots("Free entry! Text WIN to 80086")
        #expect(Set(slots).count == slots.count)
        let plain = TextFeatures(dimension: 1 << 16, shapes: false)
        #expect(plain.slots("Free entry! Text WIN to 80086") == plain.slots("free ENTRY! text win to 80086"), "case does not matter")
        #expect(plain.slots("Free entry! Text WIN to 80086") != plain.slots("Free entry! Text WIN to 11111"), "digit values do")
        let zeros = TextFeatures(dimension: 1 << 16, shapes: false, rawDigits: false)
        #expect(zeros.slots("Free entry! Text WIN to 80086") == zeros.slots("free ENTRY! text win to 11111"), "not in older models")
        // FNV-1a is fixed: the slot of the word "win" is the same on every machine (computed apart, in Python).
        let named = features.named("win")
        #expect(named.first?.name == "win" && named.first?.slot == 38_752, "\(named.prefix(3))")
        #expect(Set(named.map(\.slot)) == Set(features.slots("win")))
        #expect(features.slots("").isEmpty && features.slots("\u{200B}\u{200B}").isEmpty)
    }

    @Test("character n-grams are read over runs between white space, punctuation kept; over words alone in older models")
    func runs() {
        let names = Set(features.named("Only £1.50 at www.x.com now").map(\.name))
        #expect(names.isSuperset(of: ["«£1.5»", "«1.50 »", "« www.»", "«.com »", "only", "£", "www", "x com"]), "\(names.sorted())")
        let words = Set(TextFeatures(dimension: 1 << 16, runs: false).named("Only £1.50 at www.x.com now").map(\.name))
        #expect(words.isSuperset(of: ["« www »", "« com »"]) && !words.contains { $0.contains(".") })
        // Chinese keeps its characters, pairs and triples; the Latin between them is a run.
        let mixed = features.named("请加微信abc.123联系").map(\.name)
        #expect(mixed.contains("«微信»") && mixed.contains("« abc.»") && !mixed.contains { $0.contains("信a") })
        // Punctuation alone is still no words and no features.
        #expect(features.slots("... --- !?").isEmpty == false && features.slots("... ---").isEmpty)
    }

    @Test("shape features read what normalisation takes away: length, capitals, digits, the longest number")
    func shapes() {
        func shape(_ text: String, _ features: TextFeatures = TextFeatures(dimension: 1 << 16)) -> [String] {
            features.named(text).map(\.name).filter { $0.hasPrefix("[") }
        }
        #expect(shape("URGENT! CALL 09061701461 NOW") == ["[3 words in capitals]", "[20-39 characters]", "[8-11 digits]",
                                                        "[longest number 11 digits]", "[all capitals]"])
        #expect(shape("see you at 6") == ["[0 words in capitals]", "[0-19 characters]", "[0-3 digits]", "[longest number 1 digits]", "[0-9 % capitals]"])
        // Case now matters, through the shape features alone.
        let loud = Set(features.slots("FREE ENTRY TEXT WIN")), quiet = Set(features.slots("free entry text win"))
        #expect(loud != quiet && loud.count == quiet.count)
        #expect(Set(TextFeatures(dimension: 1 << 16, shapes: false).slots("FREE ENTRY TEXT WIN")).isSubset(of: loud.intersection(quiet)))
        // Bounded like the rest: only the first maxCharacters characters are read.
        #expect(shape(String(repeating: "A", count: 50_000), TextFeatures(dimension: 1 << 16, maxCharacters: 100)).contains("[100-119 characters]"))
        #expect(shape("您的账户已冻结，请点击链接").contains("[0-19 characters]"), "characters, not bytes")
        #expect(shape("!!!").isEmpty == false && shape("").isEmpty && features.slots("   ").isEmpty, "no words, no features")
        #expect(TextFeatures(dimension: 1 << 16, shapes: false).named("WIN NOW").allSatisfy { !$0.name.hasPrefix("[") })
    }

    @Test("each scalar the simple path maps by table is mapped as NFKC, lower-casing and the digits (as themselves, or as 0) would")
    func simpleTable() {
        var checked = 0
        for rawDigits in [true, false] {
            for value in UInt32(0)...0xFFFF where TextFeatures.isSimple(value) {
                let scalar = Unicode.Scalar(value)!
                let table = String(Unicode.Scalar(TextFeatures.simple(value, rawDigits: rawDigits))!)
                #expect(table == TextFeatures.general(String(scalar), rawDigits: rawDigits), "U+\(String(value, radix: 16, uppercase: true))")
                checked += 1
            }
        }
        #expect(checked > 42_000, "Han, ASCII, Latin-1 and the rest were all checked, both ways")
    }

    @Test("the one-pass readings of ASCII, Latin-1 and plain Chinese give exactly the features of the general path, in its order")
    func fastPaths() throws {
        var texts = ["Free entry! Text WIN to 80086", "您的账户已冻结，请点击链接 http://x.cn 12345 ＷＩＮ", "ＷＩＮ £１０００ NOW",
                     "Tiền thưởng ٣٤", "a\u{200B}b", "“引号”，「括号」　全角", "tab\tand\nnew line", String(repeating: "AB1 $% ", count: 400),
                     String(repeating: "中文", count: 1_500), "!!!", "", "ok.\u{7F}",
                     "ภาษาไทยไม่เว้นวรรค ok", "日本語のテキスト と English", "a", "中", String(repeating: "x", count: 70) + " pair",
                     "Ünïcödé wörds ✓ 😀 μήνυμα", "مرحبا بالعالم ١٢٣",
                     "WIN £1000 €5 ¥3 — a·b – ok", "ÀÉÎÕÜ àéîõü ß ÿ Straße 3×4 ÷ ÞÐØ", "FÜR DICH £500!", "½ ª º ² µ", "Dear\u{A0}Customer, © 2024 PayPal® • «Verify» ¿now? 30° ±1 ¶ § ¬ ¦ ¤ ¢ ¡"]
        if let directory = SharedData.directory {
            texts += try Corpus.load(directory: directory, sets: ["uci_sms", "zh_telecom", "id_sms", "nazario_phishing"]).flatMap(\.messages).map(\.text)
        } else {
            print("real messages skipped in the fast-path check: ../shared/data is absent")
        }
        var scratch = TextFeatures.Scratch()
        var slots: [Int] = []
        var different = 0
        for text in texts {
            // `named` always normalises first and reads the shape apart.
            var seen = Set<Int>()
            let reference = features.named(text).map(\.slot).filter { seen.insert($0).inserted }
            features.slots(text, scratch: &scratch, into: &slots)
            if slots != reference {
                different += 1
                Issue.record("different features for \(text.prefix(60).debugDescription)")
            }
            if different > 5 { break }
        }
    }

    static let toy: [(String, Int)] = [
        ("WIN a free prize now, call 09061701461 to claim", 1), ("URGENT your account is locked click http://bit.ly/x", 1),
        ("Congratulations you won £1000 cash, text CLAIM", 1), ("Your loan is approved, send fee to claim", 1),
        ("are we still on for lunch tomorrow?", 0), ("I'll call you when I get home", 0), ("see you at the station at 6", 0),
        ("happy birthday! love you", 0),
    ]

    @Test("training is deterministic and learns a separable set; explanations name the words that weighed")
    func trains() {
        let options = LinearModel.Training()
        let first = LinearModel.train(Self.toy, labels: ["benign", "scam"], features: features, options: options)
        let again = LinearModel.train(Self.toy, labels: ["benign", "scam"], features: features, options: options)
        #expect(first.weights == again.weights && first.bias == again.bias, "same data, same model")
        for (text, label) in Self.toy { #expect(first.probabilities(text)[label] > 0.5, "\(text)") }
        #expect(first.probabilities("claim your free prize, call now")[1] > 0.7)
        #expect(first.probabilities("lunch at home tomorrow?")[0] > 0.6)
        let reasons = first.explain("claim your free prize, call now", label: 1, top: 3).map(\.feature)
        #expect(reasons.count == 3 && reasons.allSatisfy { !$0.isEmpty })
        #expect(first.probabilities("") == [0.5, 0.5], "no features: no opinion")
    }

    @Test("an example of weight 2 counts as two copies of it; weights of 1 change nothing, to the bit")
    func exampleWeights() {
        let options = LinearModel.Training()
        let plain = LinearModel.train(Self.toy, labels: ["benign", "scam"], features: features, options: options)
        let ones = LinearModel.train(Self.toy, labels: ["benign", "scam"], features: features, options: options,
                                     weights: [Double](repeating: 1, count: Self.toy.count))
        #expect(ones.weights == plain.weights && ones.bias == plain.bias)
        // The ham "see you at the station at 6" twice, or once with weight 2: the same optimum.
        let doubled = LinearModel.train(Self.toy + [Self.toy[6]], labels: ["benign", "scam"], features: features, options: options)
        let weighted = LinearModel.train(Self.toy, labels: ["benign", "scam"], features: features, options: options,
                                         weights: Self.toy.indices.map { $0 == 6 ? 2 : 1 })
        #expect(weighted.weights != plain.weights, "a weight changes the model")
        for text in Self.toy.map(\.0) + ["claim your free prize, call now", "see you at 6"] {
            let (a, b) = (doubled.probabilities(text)[1], weighted.probabilities(text)[1])
            #expect(abs(a - b) < 1e-4, "\(text): \(a) against \(b)")
        }
        #expect(abs(doubled.probabilities("see you at the station")[1] - plain.probabilities("see you at the station")[1]) > 1e-3)
    }
}
