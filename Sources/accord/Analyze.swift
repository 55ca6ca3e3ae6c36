import AccordCore
import AccordIntel
import ArgumentParser
import Foundation

/// The labelled data sets: `--data`, else `ACCORD_SHARED_DATA`, else `../shared/data`.
struct CorpusOptions: ParsableArguments {
    @Option(help: "The directory holding messages/… (default: $ACCORD_SHARED_DATA or ../shared/data).")
    var data: String?

    @Option(name: .customLong("set"), help: "Use only this data set (repeat for more): \(Corpus.sets.map(\.name).joined(separator: ", ")).")
    var sets: [String] = []

    var url: URL { URL(fileURLWithPath: data ?? ProcessInfo.processInfo.environment["ACCORD_SHARED_DATA"] ?? "../shared/data", isDirectory: true) }

    func validate() throws {
        for set in sets where !Corpus.sets.contains(where: { $0.name == set }) {
            throw ValidationError("unknown data set '\(set)': use \(Corpus.sets.map(\.name).joined(separator: ", "))")
        }
    }

    func load() throws -> (messages: [LabelledMessage], sources: [ScamModel.Source]) {
        do {
            let loaded = try Corpus.load(directory: url, sets: sets.isEmpty ? nil : sets)
            return (loaded.flatMap(\.messages), loaded.map {
                ScamModel.Source(name: $0.set.name, file: $0.set.file, sha256: $0.sha256, messages: $0.messages.count, licence: $0.set.licence)
            })
        } catch let error as CorpusError {
            throw failure(error.description)
        }
    }
}

struct TrainingArguments: ParsableArguments {
    /// The library's defaults, which the options start from (the idf weighting aside: on here).
    static let defaults = ScamModel.TrainingOptions()

    @Option(help: ArgumentHelp("The inverse of the L2 regularisation's strength (scikit-learn's C); give it more than once to let cross-validation on the training messages choose (default: 30).", valueName: "c"))
    var c: [Double] = []
    @Option(help: "At most this many L-BFGS iterations per model (each stops at its optimum before).")
    var iterations = Self.defaults.iterations
    @Option(help: "Folds of the cross-validation that sets the threshold (2 or more).")
    var folds = Self.defaults.folds
    @Option(name: .customLong("target-fpr"), help: "The share of any data set's benign messages the threshold may call scams, out of fold (0 to 0.5).")
    var targetFalsePositiveRate = Self.defaults.targetFalsePositiveRate
    @Option(help: "The seed of the folds (and of the evaluation's split).")
    var seed = Self.defaults.seed
    @Flag(name: .customLong("naive-bayes"), help: "Scale the detector's features by their naive Bayes log-count ratios (NBSVM).")
    var naiveBayes = false
    @Flag(inversion: .prefixedNo,
          help: "Weight the detector's features by their inverse document frequency in the training messages (TF-IDF; --no-idf: presence alone).")
    var idf = true
    @Option(name: .customLong("set-weight"),
            help: ArgumentHelp("How much a data set's messages count in the detector's training, such as nazario_phishing=0.25 (repeat for more; default: 1 each).",
                               valueName: "set=weight"))
    var setWeights: [String] = []

    /// `--set-weight` as set name to weight.
    func parsedSetWeights() throws -> [String: Double] {
        var weights: [String: Double] = [:]
        for argument in setWeights {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let weight = Double(parts[1]) else {
                throw ValidationError("--set-weight takes a set and a weight, such as nazario_phishing=0.25, not '\(argument)'")
            }
            guard Corpus.sets.contains(where: { $0.name == parts[0] }) else {
                throw ValidationError("--set-weight: unknown data set '\(parts[0])': use \(Corpus.sets.map(\.name).joined(separator: ", "))")
            }
            guard weight > 0 && weight <= 10 else {
                throw ValidationError("--set-weight: the weight of \(parts[0]) must be more than 0 and at most 10, not \(parts[1]) (leave a set out with --set)")
            }
            guard weights.updateValue(weight, forKey: parts[0]) == nil else { throw ValidationError("--set-weight names \(parts[0]) twice") }
        }
        return weights
    }

    func validate() throws {
        for value in c where !(value > 0 && value.isFinite) { throw ValidationError("--c must be a positive number, not \(String(format: "%g", value))") }
        guard Set(c).count == c.count else { throw ValidationError("--c is given the same value twice") }
        guard (1...10_000).contains(iterations) else { throw ValidationError("--iterations must be 1 to 10,000") }
        guard (2...20).contains(folds) else { throw ValidationError("--folds must be 2 to 20") }
        guard (0...0.5).contains(targetFalsePositiveRate) else { throw ValidationError("--target-fpr must be 0 to 0.5, such as 0.003") }
        _ = try parsedSetWeights()
    }

    /// A weight for a set that `--set` leaves out would be silently ignored: refused instead.
    func validate(against corpus: CorpusOptions) throws {
        guard !corpus.sets.isEmpty else { return }
        for name in try parsedSetWeights().keys.sorted() where !corpus.sets.contains(name) {
            throw ValidationError("--set-weight names \(name), which --set leaves out")
        }
    }

    /// The options that differ from their defaults, as they are written on the command line.
    var arguments: [String] {
        var out = c.flatMap { ["--c", String(format: "%g", $0)] }
        let defaults = Self.defaults
        if iterations != defaults.iterations { out += ["--iterations", "\(iterations)"] }
        if folds != defaults.folds { out += ["--folds", "\(folds)"] }
        if targetFalsePositiveRate != defaults.targetFalsePositiveRate { out += ["--target-fpr", String(format: "%g", targetFalsePositiveRate)] }
        if seed != defaults.seed { out += ["--seed", "\(seed)"] }
        if naiveBayes { out.append("--naive-bayes") }
        if !idf { out.append("--no-idf") }
        out += setWeights.flatMap { ["--set-weight", $0] }
        return out
    }

    var options: ScamModel.TrainingOptions {
        var options = ScamModel.TrainingOptions()
        if c.count == 1 { options.c = c[0] }
        if c.count > 1 { options.candidates = c }
        options.iterations = iterations
        options.folds = folds
        options.targetFalsePositiveRate = targetFalsePositiveRate
        options.seed = seed
        options.naiveBayes = naiveBayes
        options.idf = idf
        let weights = (try? parsedSetWeights()) ?? [:]
        options.setWeights = weights.isEmpty ? nil : weights
        return options
    }
}

func progressLine(_ line: String) { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the scam model on labelled messages and write the model file.",
        discussion: """
            Reads the labelled message sets (UCI SMS spam, Indonesian SMS, Chinese telecom fraud, Nazario's \
            phishing e-mails), removes exact duplicates, trains the detector and the typology, and sets the \
            threshold by cross-validation. Build in release mode first: training takes minutes.

              swift build -c release
              .build/release/accord train --data ../shared/data
              .build/release/accord train --set uci_sms --set id_sms --output my-model.accordmodel

            The Chinese set is for research only, not for commercial use: leave it out (--set) to train a \
            model you may use commercially.
            """)

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var training: TrainingArguments
    @OptionGroup var dataDirectory: DataDirectoryOptions

    @Option(help: "Where to write the model (default: <data-dir>/scam-model.accordmodel, which the node then uses).")
    var output: String?

    func validate() throws {
        try training.validate(against: corpus)
    }

    func run() throws {
        let (messages, sources) = try corpus.load()
        let unique = Corpus.deduplicate(messages)
        FileHandle.standardError.write(Data("Training on \(Format.count(unique.count, "message")) (\(Format.count(messages.count - unique.count, "duplicate")) removed) from \(sources.map(\.name).joined(separator: ", "))\n".utf8))
        guard unique.contains(where: \.scam), unique.contains(where: { !$0.scam }) else {
            throw failure("the chosen sets have no benign messages (or no scams): add uci_sms or zh_telecom")
        }
        let model = ScamModel.train(unique, sources: sources, options: training.options, progress: progressLine)
        let url = output.map { URL(fileURLWithPath: $0) } ?? dataDirectory.url.appendingPathComponent("scam-model.accordmodel")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw failure("cannot write \(url.path): \(error.localizedDescription)")
        }
        try writeOutput(try model.encoded(), to: url.path)
        print("Wrote \(url.path): model \(model.metadata.version), threshold \(model.metadata.threshold), types \(model.metadata.types.joined(separator: ", "))")
    }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train on part of the labelled messages, test on the rest, and write EVALUATION.md.",
        discussion: """
            Removes exact duplicates, splits each data set by label (30 % held out, a fixed seed), trains on \
            the rest alone and reports recall, false positives, precision, F1 and MCC per set, the Chinese \
            five-class macro-F1 and the typology's confusion matrices.

              swift build -c release && .build/release/accord evaluate --data ../shared/data --output EVALUATION.md
            """)

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var training: TrainingArguments

    @Option(name: .customLong("test-fraction"), help: "The share of each set held out for the test (0.05 to 0.9).")
    var testFraction = 0.3

    @Option(help: "Also evaluate on this many other splits (seeds after --seed) and report the spread (0 to 20).")
    var splits = 0

    @Option(help: "Write the report here (default: print it).")
    var output: String?

    func validate() throws {
        guard (0.05...0.9).contains(testFraction) else { throw ValidationError("--test-fraction must be 0.05 to 0.9") }
        guard (0...20).contains(splits) else { throw ValidationError("--splits must be 0 to 20") }
        try training.validate(against: corpus)
    }

    func run() throws {
        let (messages, sources) = try corpus.load()
        let evaluation = Evaluation.run(messages, sources: sources, seed: training.seed, testFraction: testFraction,
                                        options: training.options, progress: progressLine)
        var others: [Evaluation] = []
        for n in 0..<splits {
            let seed = training.seed &+ UInt64(n + 1)
            progressLine("other split \(n + 1) of \(splits): seed \(seed)")
            others.append(Evaluation.run(messages, sources: sources, seed: seed, testFraction: testFraction, options: training.options))
        }
        // The run's own options, so that the report says how to make it again.
        let arguments = corpus.sets.flatMap { ["--set", $0] } + training.arguments
            + (testFraction != 0.3 ? ["--test-fraction", String(format: "%g", testFraction)] : []) + (splits > 0 ? ["--splits", "\(splits)"] : [])
        let command = ([".build/release/accord evaluate --data ../shared/data"] + arguments + ["--output EVALUATION.md"]).joined(separator: " ")
        let report = evaluation.markdown(command: command, machine: Machine.description, others: others)
        if let output {
            try writeOutput(Data(report.utf8), to: output)
            print("Wrote \(output)")
        } else {
            print(report)
        }
    }
}

/// This machine in one line: processor, cores, memory, system.
enum Machine {
    static var description: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let cpu = info.split(separator: "\n").first { $0.hasPrefix("model name") }.map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown processor"
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(String(format: "%.0f", memory)) GiB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}

struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say whether a message is a scam, of which type, and pull out its indicators.",
        discussion: """
            Prints the verdict (scam, benign or unknown when the text cannot be judged), the risk score \
            (0 to 1: the text's probability with what the node knows of the indicators in it), the scam \
            type, the indicators found (with their positions) and the words that weighed most.

              accord analyze 'Your parcel is held, pay the fee at hxxp://dhl-fee[.]top'
              accord analyze --country ID 'Pinjaman dana cepat bunga 2%, WA 0852-8336-0989'
              accord analyze --file messages.txt --json        (one message a line; - for stdin)
            """)

    @Argument(help: "The message (or use --file).")
    var text: String?

    @Option(name: .shortAndLong, help: "A file of messages, one a line, analysed in order; - reads stdin.")
    var file: String?

    @Option(name: .shortAndLong, help: "ISO 3166-1 country the messages were received in; reads national phone numbers (VN, ID, CN…).")
    var country: String?

    @Flag(help: "Print one JSON object per message (NDJSON), in input order.")
    var json = false

    @Option(help: "How many of the weightiest features to show (0 for none).")
    var explain = 5

    @OptionGroup var node: NodeOptions

    func validate() throws {
        if text == nil && file == nil { throw ValidationError("give a message, or --file FILE (- for stdin)") }
        if text != nil && file != nil { throw ValidationError("give a message or --file, not both") }
        if let country, Countries.code(country) == nil {
            throw ValidationError("--country takes a two-letter ISO 3166-1 code such as VN, ID or CN, not '\(country)'")
        }
        guard (0...50).contains(explain) else { throw ValidationError("--explain must be 0 to 50") }
    }

    func run() async throws {
        let model = try node.scamModel()
        let canonicalizer = try node.canonicalizer(createCardKey: false)
        let analyzer = Analyzer(model: model, extractor: Extractor(canonicalizer: canonicalizer))
        // What the node knows: only when it has a store (analysing never creates one).
        var known: [CanonicalIndicator: KnownIndicator] = [:]
        let opened = node.storeExists ? try await node.openNode(canonicalizer: canonicalizer) : nil
        let country = country.flatMap(Countries.code)
        func lookUp(_ found: [FoundIndicator]) async {
            guard let opened else { return }
            for hit in found {
                for indicator in [hit.indicator] + hit.indicator.derived where known[indicator] == nil {
                    if let knowledge = await opened.knowledge(of: indicator) {
                        known[indicator] = KnownIndicator(reports: knowledge.reportCount, countries: knowledge.countries, warned: knowledge.warning != nil)
                    }
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var tally: [MessageAnalysis.Verdict: Int] = [:]
        let started = Date()
        func handle(_ message: String, batch: Bool) async throws {
            let found = analyzer.extractor.extract(message, country: country)
            await lookUp(found)
            let analysis = analyzer.analyze(message, found: found, explain: explain) { known[$0] }
            tally[analysis.verdict, default: 0] += 1
            if json {
                print(String(decoding: try encoder.encode(AnalysisDocument(analysis, model: model.metadata.version)), as: UTF8.self))
            } else if batch {
                let shown = message.prefix(60).replacingOccurrences(of: "\t", with: " ")
                print([analysis.verdict.rawValue, String(format: "%.3f", analysis.score), analysis.scamType ?? "-",
                       Format.count(analysis.indicators.count, "indicator"), shown].joined(separator: "\t"))
            } else {
                print(Self.describe(analysis, model: model))
            }
        }
        if let text {
            try await handle(text, batch: false)
        } else if let file {
            let input: FileHandle
            if file == "-" { input = .standardInput } else {
                guard let opened = FileHandle(forReadingAtPath: file) else { throw failure("cannot read \(file): no such file, or not readable") }
                input = opened
            }
            var count = 0
            var lines = MessageLines(input)
            let progress = Progress(label: file == "-" ? "stdin" : file)
            while let line = lines.next() {
                try await handle(line, batch: true)
                count += 1
                progress.update(count: count) { "\(Format.count(count, "message")) analysed, \(Format.number(tally[.scam] ?? 0)) scam, \($0) a second" }
            }
            progress.finish()
            if let bigEndian = lines.utf16BigEndian {
                FileHandle.standardError.write(Data("accord: read as UTF-16 (\(bigEndian ? "big" : "little")-endian), from its byte-order mark\n".utf8))
            }
            if lines.invalidLines > 0 {
                let advice = lines.utf16BigEndian == nil ? "save the file as UTF-8 (iconv -f WINDOWS-1252 -t UTF-8 for a Windows file)" : "the file may be cut or damaged"
                FileHandle.standardError.write(Data(("accord: warning: \(Format.count(lines.invalidLines, "line")) (the first: line \(lines.firstInvalid)) "
                    + "had bytes that are not \(lines.utf16BigEndian == nil ? "UTF-8" : "UTF-16"), read as U+FFFD; \(advice)\n").utf8))
            }
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data(("accord: \(Format.count(count, "message")) in \(String(format: "%.1f", seconds)) s: "
                + "\(tally[.scam] ?? 0) scam, \(tally[.benign] ?? 0) benign, \(tally[.unknown] ?? 0) unknown\n").utf8))
        }
        try await opened?.store.close()
    }

    static func describe(_ analysis: MessageAnalysis, model: ScamModel) -> String {
        var lines: [String] = []
        let textPart = analysis.textScore.map { String(format: "; the text alone %.3f", $0) } ?? ""
        lines.append("verdict     \(analysis.verdict.rawValue) (risk \(String(format: "%.3f", analysis.score))\(textPart); threshold \(String(format: "%.3f", model.metadata.threshold)))")
        if let type = analysis.scamType {
            // `unknown` says which of its two reasons it has.
            let bar = model.metadata.minTypeConfidence
            let detail = analysis.typeConfidence.map { confidence in
                type != "unknown" ? String(format: " (confidence %.2f)", confidence)
                    : confidence >= bar ? String(format: " (spam of no named type, confidence %.2f)", confidence)
                    : String(format: " (no type sure enough: the likeliest at %.2f, under the %.2f bar)", confidence, bar)
            }
            lines.append("type        \(type)" + (detail ?? ""))
        }
        if analysis.indicators.isEmpty {
            lines.append("indicators  none found")
        } else {
            lines.append("indicators")
            for (found, known) in analysis.indicators {
                var line = "  \(found.indicator.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(found.indicator.value)"
                if found.written != found.indicator.value { line += "   written \"\(found.written)\"" }
                line += "   at \(found.start)–\(found.end)"
                if let known {
                    line += known.warned ? "   (on the warning list: not a sign of a scam)"
                        : "   (known: \(Format.count(known.reports, "report")) from \(known.countries.isEmpty ? "no country" : known.countries.joined(separator: ", ")))"
                }
                lines.append(line)
            }
        }
        if !analysis.reasons.isEmpty {
            lines.append("why         " + analysis.reasons.map { "\($0.feature) \(String(format: "%+.2f", $0.weight))" }.joined(separator: ", "))
        }
        if let note = analysis.note { lines.append("note        \(note)") }
        return lines.joined(separator: "\n")
    }
}

/// Lines of a file or of stdin, read in blocks: `\n` or `\r\n` ends a line, and a last line
/// without a line break counts. A UTF-8 byte-order mark is skipped; text that starts with a UTF-16
/// one (Windows' "Unicode" files) is decoded at once and read on as UTF-8. Bytes that are not UTF-8 become U+FFFD, and
/// the lines that had some are counted, for a warning.
struct MessageLines {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var position = 0
    var ended = false
    private var started = false
    /// Lines with bytes that are not UTF-8 (or UTF-16), and the number of the first of them.
    private(set) var invalidLines = 0, firstInvalid = 0
    private var lineNumber = 0
    /// Set when the text is UTF-16: which of the two orders.
    private(set) var utf16BigEndian: Bool?

    init(_ handle: FileHandle) { self.handle = handle }

    mutating func next() -> String? {
        lineNumber += 1
        return read()
    }

    private mutating func invalid(_ number: Int) {
        if invalidLines == 0 { firstInvalid = number }
        invalidLines += 1
    }

    private mutating func read() -> String? {
        if !started { start() }
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                var end = newline
                if end > position, buffer[end - 1] == 0x0D { end -= 1 }
                let line = decode(buffer[position..<end])
                position = newline + 1
                return line
            }
            if ended {
                guard position < buffer.count else { return nil }
                let line = decode(buffer[position...])
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            let block = handle.readData(ofLength: 1 << 16)
            if block.isEmpty { ended = true } else { buffer.append(contentsOf: block) }
        }
    }

    private mutating func decode(_ bytes: ArraySlice<UInt8>) -> String {
        if let line = String(validating: bytes, as: UTF8.self) { return line }
        invalid(lineNumber)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the first bytes for a byte-order mark.
    private mutating func start() {
        started = true
        while buffer.count < 3, !ended {
            let block = handle.readData(ofLength: 1 << 16)
            if block.isEmpty { ended = true } else { buffer.append(contentsOf: block) }
        }
        switch ByteOrderMark(buffer) {
        case nil: break
        case .utf8: position = ByteOrderMark.utf8.length
        case .utf16(let bigEndian):
            buffer.append(contentsOf: handle.readDataToEndOfFile())
            let bytes = buffer
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map { (index: Int) -> UInt16 in
                let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
                return bigEndian ? first << 8 | second : second << 8 | first
            }
            var lines: [String] = []
            for line in units.split(separator: 0x0A, omittingEmptySubsequences: false) {
                let line = line.last == 0x0D ? line.dropLast() : line
                if let text = String(validating: line, as: UTF16.self) {
                    lines.append(text)
                } else {
                    invalid(lines.count + 1)
                    lines.append(String(decoding: line, as: UTF16.self))
                }
            }
            if bytes.count % 2 == 1 { invalid(max(lines.last == "" ? lines.count - 1 : lines.count, 1)) }  // a last byte without its pair
            utf16BigEndian = bigEndian
            buffer = Array(lines.joined(separator: "\n").utf8)
            ended = true
        }
    }
}
