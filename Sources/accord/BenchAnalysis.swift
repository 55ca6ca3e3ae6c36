import AccordCore
import AccordIntel
import ArgumentParser
import Foundation

extension Bench {
    /// The scam-text analyser's speed on real messages, one core: classification alone (features
    /// and the detector), extraction alone, and the whole analysis.
    struct AnalysisBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analysis",
            abstract: "Time the scam-text analyser on real messages, on one core: classification, extraction, the whole analysis.")

        @OptionGroup var corpus: CorpusOptions

        @Option(help: "How many messages (drawn from the data sets, duplicates removed, a fixed shuffle).")
        var messages = 10_000

        @Option(help: "Rounds of each measurement; the median is printed.")
        var rounds = 5

        @OptionGroup var node: NodeOptions

        func validate() throws {
            guard messages >= 100 else { throw ValidationError("--messages must be 100 or more") }
            guard (1...50).contains(rounds) else { throw ValidationError("--rounds must be 1 to 50") }
        }

        func run() throws {
            let model = try node.scamModel()
            var all = Corpus.deduplicate(try corpus.load().messages)
            var random = LinearModel.SplitMix(state: 2026)
            all.shuffle(using: &random)
            let sample = all.prefix(messages).map(\.text)
            let characters = sample.reduce(0) { $0 + $1.count }
            print("messages \(sample.count)")
            print("mean_characters \(characters / sample.count)")
            print("model \(model.metadata.version)")
            let analyzer = Analyzer(model: model, extractor: Extractor(canonicalizer: try node.canonicalizer(createCardKey: false)))
            func median(_ body: () -> Int) -> (perSecond: Double, checksum: Int) {
                var rates: [Double] = []
                var checksum = 0
                for _ in 0..<rounds {
                    let start = DispatchTime.now().uptimeNanoseconds
                    checksum = body()
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    rates.append(Double(sample.count) / seconds)
                }
                return (rates.sorted()[rates.count / 2], checksum)
            }
            let classification = median {
                var scratch = TextFeatures.Scratch()
                var slots: [Int] = []
                var scams = 0
                for text in sample {
                    model.features.slots(text, scratch: &scratch, into: &slots)
                    if let p = model.scamProbability(slots: slots), p >= model.metadata.threshold { scams += 1 }
                }
                return scams
            }
            print("classification_per_second \(Int(classification.perSecond))")
            print("classification_scams \(classification.checksum)")
            let extraction = median { sample.reduce(0) { $0 + analyzer.extractor.extract($1).count } }
            print("extraction_per_second \(Int(extraction.perSecond))")
            print("extraction_indicators \(extraction.checksum)")
            let whole = median { sample.reduce(0) { $0 + (analyzer.analyze($1, explain: 0).verdict == .scam ? 1 : 0) } }
            print("analysis_per_second \(Int(whole.perSecond))")
            print("analysis_scams \(whole.checksum)")
        }
    }
}
