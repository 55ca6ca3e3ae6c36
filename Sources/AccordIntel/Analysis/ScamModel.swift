import AccordCore
import Crypto
import Foundation

/// Accord's scam model: a detector (scam or benign) and a typology (which scam), two linear
/// models over the same hashed text features, with the threshold the detector was calibrated to,
/// the scripts it was trained on, and where its data came from. Weights are stored as 8-bit
/// integers with one scale per model: the file is small, and scoring adds bytes.
public struct ScamModel: Sendable {
    /// The file format; a file of another format is refused with a message.
    public static let formatVersion: UInt32 = 1
    static let magic = Array("ACCORDSM".utf8)

    public struct Metadata: Codable, Sendable, Equatable {
        /// `text-<first 12 hex digits of the weights' SHA-256>`: the same training gives the same version.
        public var version: String
        public var dimension: Int
        public var maxCharacters: Int
        /// The detector's probability from which a message is called a scam.
        public var threshold: Float
        public var detectorScale: Float
        public var detectorBias: Float
        /// The typology's labels: scam types, and `spam` for spam of no named type.
        public var types: [String]
        public var typologyScale: Float
        public var typologyBias: [Float]
        /// Below this typology probability the type is `unknown`.
        public var minTypeConfidence: Float
        /// Letters seen in training, per script: a message in a script the model has not seen is not judged.
        public var scripts: [String: Int]
        public var sources: [Source]
        public var training: TrainingOptions
        /// Messages scored when the model was made, with their scores: a loaded model must agree.
        public var probes: [Probe]
        /// Whether the features include the message's shape (`TextFeatures.shapes`); absent (nil)
        /// in files made before there were shape features.
        public var shapes: Bool?
        /// Whether the character n-grams of spaced scripts are read over runs of anything but
        /// white space (`TextFeatures.runs`); absent (nil) in files made when they were read over
        /// words.
        public var runs: Bool?
        /// Whether digits are read as themselves (`TextFeatures.rawDigits`); absent (nil) in files
        /// made when every digit was read as `0`.
        public var rawDigits: Bool?

        enum CodingKeys: String, CodingKey {
            case version, dimension, threshold, types, scripts, sources, training, probes, shapes, runs
            case rawDigits = "raw_digits"
            case maxCharacters = "max_characters", detectorScale = "detector_scale", detectorBias = "detector_bias"
            case typologyScale = "typology_scale", typologyBias = "typology_bias", minTypeConfidence = "min_type_confidence"
        }
    }

    public struct Source: Codable, Sendable, Equatable {
        public var name: String
        public var file: String
        public var sha256: String
        public var messages: Int
        public var licence: String

        public init(name: String, file: String, sha256: String, messages: Int, licence: String) {
            self.name = name
            self.file = file
            self.sha256 = sha256
            self.messages = messages
            self.licence = licence
        }
    }

    public struct Probe: Codable, Sendable, Equatable {
        public var text: String
        public var probability: Float
        public var type: String
    }

    public struct TrainingOptions: Codable, Sendable, Equatable {
        /// scikit-learn's `C`: the inverse of the L2 regularisation's strength; with `candidates`,
        /// the one cross-validation chose.
        public var c: Double = 30
        /// Values of C to choose among (nil: `c` as given): each is cross-validated on the
        /// training messages, and the one whose out-of-fold scores catch the most scams at its own
        /// threshold wins (fewer benign messages blocked, then the smaller C, break a tie).
        public var candidates: [Double]?
        /// At most this many L-BFGS iterations per model (each stops at its optimum before).
        public var iterations = 1000
        /// Folds of the cross-validation that sets the threshold.
        public var folds = 5
        /// The share of benign messages of any one data set the threshold may call scams, out of fold.
        public var targetFalsePositiveRate = 0.003
        public var minTypeConfidence: Float = 0.5
        public var seed: UInt64 = 2026
        /// The detector's features scaled by their naive Bayes log-count ratios (NBSVM).
        public var naiveBayes = false
        /// The detector's features weighted by their inverse document frequency in the training
        /// messages (TF-IDF with presence for TF): rare features count for more than common ones.
        public var idf = false
        /// How much each data set's messages count in the detector's training (nil, or a set not
        /// named: 1). A set of one label only (phishing e-mails, all scams) teaches the detector
        /// what tells the sets apart (length, the look of an e-mail) as much as what tells scams from
        /// the rest; a weight below 1 lets it teach less. The classes stay balanced.
        public var setWeights: [String: Double]?

        public init() {}

        /// The weight of each message in the detector's training (nil: all 1).
        func weights(_ messages: [LabelledMessage]) -> [Double]? {
            guard let setWeights, !setWeights.isEmpty else { return nil }
            return messages.map { setWeights[$0.set] ?? 1 }
        }

        enum CodingKeys: String, CodingKey {
            case c, iterations, folds, seed, candidates, idf
            case naiveBayes = "naive_bayes", setWeights = "set_weights"
            case targetFalsePositiveRate = "target_false_positive_rate", minTypeConfidence = "min_type_confidence"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            c = try container.decode(Double.self, forKey: .c)
            iterations = try container.decode(Int.self, forKey: .iterations)
            folds = try container.decode(Int.self, forKey: .folds)
            targetFalsePositiveRate = try container.decode(Double.self, forKey: .targetFalsePositiveRate)
            minTypeConfidence = try container.decode(Float.self, forKey: .minTypeConfidence)
            seed = try container.decode(UInt64.self, forKey: .seed)
            naiveBayes = try container.decodeIfPresent(Bool.self, forKey: .naiveBayes) ?? false  // files before it was an option
            candidates = try container.decodeIfPresent([Double].self, forKey: .candidates)
            idf = try container.decodeIfPresent(Bool.self, forKey: .idf) ?? false
            setWeights = try container.decodeIfPresent([String: Double].self, forKey: .setWeights)
        }

        /// Options added since the first model files are written only when used, so that a file
        /// read and written again stays the same.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(c, forKey: .c)
            try container.encode(iterations, forKey: .iterations)
            try container.encode(folds, forKey: .folds)
            try container.encode(targetFalsePositiveRate, forKey: .targetFalsePositiveRate)
            try container.encode(minTypeConfidence, forKey: .minTypeConfidence)
            try container.encode(seed, forKey: .seed)
            try container.encode(naiveBayes, forKey: .naiveBayes)
            try container.encodeIfPresent(candidates, forKey: .candidates)
            if idf { try container.encode(idf, forKey: .idf) }
            if let setWeights, !setWeights.isEmpty { try container.encode(setWeights, forKey: .setWeights) }
        }
    }

    public internal(set) var metadata: Metadata
    public let features: TextFeatures
    let detector: [Int16]
    /// `typology[slot * types.count + type]`: a slot's weights side by side.
    let typology: [Int8]
    /// The scripts the model has seen enough of: at least 0.5 % of the letters it was trained on.
    public let knownScripts: Set<String>
    /// With `training.idf`: each slot's inverse document frequency, quantised (see `IDF`).
    let idf: [UInt8]?

    init(metadata: Metadata, detector: [Int16], typology: [Int8], idf: [UInt8]? = nil) {
        self.metadata = metadata
        features = TextFeatures(dimension: metadata.dimension, maxCharacters: metadata.maxCharacters, shapes: metadata.shapes ?? false,
                                runs: metadata.runs ?? false, rawDigits: metadata.rawDigits ?? false)
        self.detector = detector
        self.typology = typology
        self.idf = idf
        knownScripts = Self.known(metadata.scripts)
    }

    /// Inverse document frequencies in a byte a slot: `1 + q / 16` (smoothed, as scikit-learn's:
    /// `ln((1 + n) / (1 + df)) + 1`, which stays under 17 for up to 10^6 messages). Training uses
    /// the quantised values, so the file predicts as the model was trained.
    enum IDF {
        /// From each message's slots (`TextFeatures.slots`: each slot once).
        static func quantised(_ messages: [[Int]], dimension: Int) -> [UInt8] {
            var frequency = [Int](repeating: 0, count: dimension)
            for slots in messages { for slot in slots { frequency[slot] += 1 } }
            let n = Double(messages.count)
            return frequency.map { df in UInt8(min(255, (16 * PortableMath.log((1 + n) / (1 + Double(df)))).rounded())) }
        }

        static func value(_ q: UInt8) -> Float { 1 + Float(q) / 16 }
        /// `value(q)²` for every byte.
        static let squares: [Float] = (0...255).map { value(UInt8($0)) * value(UInt8($0)) }
    }

    // MARK: scoring

    /// The probability that a message with these feature slots is a scam; nil without features.
    public func scamProbability(slots: [Int]) -> Float? {
        guard !slots.isEmpty else { return nil }
        var sum: Int32 = 0
        var norm = Float(slots.count)
        detector.withUnsafeBufferPointer { weights in
            guard let idf else {
                for slot in slots { sum &+= Int32(weights[slot]) }
                return
            }
            // One pass: each slot's weight and its idf's square.
            norm = 0
            idf.withUnsafeBufferPointer { idf in
                IDF.squares.withUnsafeBufferPointer { squares in
                    for slot in slots {
                        sum &+= Int32(weights[slot])
                        norm += squares[Int(idf[slot])]
                    }
                }
            }
        }
        let logit = metadata.detectorBias + Float(sum) * metadata.detectorScale / norm.squareRoot()
        return PortableMath.sigmoid(logit)
    }

    /// The probability of each type (in `metadata.types` order); nil without features.
    public func typeProbabilities(slots: [Int]) -> [Float]? {
        guard !slots.isEmpty else { return nil }
        let k = metadata.types.count
        var sums = [Int32](repeating: 0, count: k)
        typology.withUnsafeBufferPointer { weights in
            sums.withUnsafeMutableBufferPointer { sums in
                for slot in slots {
                    let base = slot * k
                    for c in 0..<k { sums[c] &+= Int32(weights[base + c]) }
                }
            }
        }
        let factor = metadata.typologyScale / Float(slots.count).squareRoot()
        var scores = (0..<k).map { metadata.typologyBias[$0] + Float(sums[$0]) * factor }
        LinearModel.softmax(&scores)
        return scores
    }

    /// The type a message's slots say, with its probability: `unknown` below the confidence bar
    /// and for spam of no named type.
    public func type(slots: [Int]) -> (type: String, confidence: Float) {
        guard let probabilities = typeProbabilities(slots: slots), let best = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) else {
            return ("unknown", 0)
        }
        let label = metadata.types[best]
        return (label == "spam" || probabilities[best] < metadata.minTypeConfidence ? "unknown" : label, probabilities[best])
    }

    /// The features of `text` that pushed the detector towards `scam` (or away from it), strongest first.
    /// A shape feature (one bucket of which every message has) weighs as its bucket's weight less
    /// the mean of its buckets': what being in this bucket rather than any other did.
    public func explain(_ text: String, towardsScam: Bool = true, top: Int = 5) -> [(feature: String, weight: Float)] {
        var scratch = TextFeatures.Scratch()
        var slots: [Int] = []
        let beforeShapes = features.slots(text, scratch: &scratch, into: &slots)
        return explain(text, slots: slots, beforeShapes: beforeShapes, towardsScam: towardsScam, top: top)
    }

    /// The same with `text`'s slots already read (`TextFeatures.slots`, which says how many come
    /// before the shape features).
    func explain(_ text: String, slots: [Int], beforeShapes: Int, towardsScam: Bool, top: Int) -> [(feature: String, weight: Float)] {
        var baseline: [Int: Float] = [:]
        for buckets in features.shapeBucketSlots {
            let mean = buckets.reduce(Float(0)) { $0 + Float(detector[$1]) } / Float(buckets.count)
            for slot in buckets { baseline[slot] = mean }
        }
        // The `top` slots that weighed most, best first and the earlier first among equals, each
        // named after by the first feature met in it; a slot is a shape feature's when the shape
        // met it first.
        var chosen: [(slot: Int, weight: Float)] = []
        for (index, slot) in slots.enumerated() {
            var weight = Float(detector[slot])
            if index >= beforeShapes, let mean = baseline[slot] { weight -= mean }
            weight *= metadata.detectorScale
            if !towardsScam { weight = -weight }
            guard weight > 0, chosen.count < top || weight > chosen[chosen.count - 1].weight else { continue }
            var place = chosen.count
            while place > 0 && chosen[place - 1].weight < weight { place -= 1 }
            chosen.insert((slot, weight), at: place)
            if chosen.count > top { chosen.removeLast() }
        }
        let wanted = Set(chosen.map(\.slot))
        var names: [Int: String] = [:]
        for (name, slot) in features.named(text, where: wanted.contains) where names[slot] == nil { names[slot] = name }
        return chosen.map { (names[$0.slot] ?? "?", $0.weight) }
    }

    // MARK: scripts

    /// Scripts as the model counts them.
    public static func script(of scalar: Unicode.Scalar) -> String? {
        if scalar.value < 0x80 { return (0x61...0x7A).contains(scalar.value | 0x20) ? "latin" : nil }
        if scalar.value >= 0x4E00 && scalar.value <= 0x9FFF { return "han" }
        guard scalar.properties.isAlphabetic else { return nil }
        switch scalar.value {
        case 0...0x024F, 0x1E00...0x1EFF: return "latin"
        case 0x0370...0x03FF: return "greek"
        case 0x0400...0x052F: return "cyrillic"
        case 0x0590...0x05FF: return "hebrew"
        case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return "arabic"
        case 0x0900...0x0DFF: return "indic"
        case 0x0E00...0x0E7F: return "thai"
        case 0x1100...0x11FF, 0xAC00...0xD7AF, 0x3130...0x318F: return "hangul"
        case 0x3040...0x30FF: return "kana"
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return "han"
        default: return "other"
        }
    }

    /// The scripts `scripts` holds enough of: at least 0.5 % of the letters counted.
    static func known(_ scripts: [String: Int]) -> Set<String> {
        let total = scripts.values.reduce(0, +)
        return Set(scripts.filter { total > 0 && Double($0.value) / Double(total) >= 0.005 }.keys)
    }

    // MARK: training

    /// Weights as integers of `I`'s width, with the scale that brings them back.
    static func quantise<I: FixedWidthInteger & SignedInteger>(_ values: [Float], as: I.Type) -> (weights: [I], scale: Float) {
        let largest = values.reduce(0) { max($0, abs($1)) }
        guard largest > 0 else { return ([I](repeating: 0, count: values.count), 1) }
        let scale = largest / Float(I.max)
        return (values.map { I(clamping: Int(($0 / scale).rounded())) }, scale)
    }

    /// A detector as a quantised vector of logit weights (16 bits: the threshold sits where small
    /// weights matter), from a two-class model.
    static func detector(from model: LinearModel) -> (weights: [Int16], scale: Float, bias: Float) {
        let dimension = model.features.dimension
        let difference = (0..<dimension).map { model.weights[dimension + $0] - model.weights[$0] }
        let (weights, scale) = quantise(difference, as: Int16.self)
        return (weights, scale, model.bias[1] - model.bias[0])
    }

    /// Trains a model on `messages` (deduplicated by the caller): the detector on all of them,
    /// its threshold by cross-validation so that no data set's benign messages are called scams
    /// more often than the target, the typology on the scams. `progress` hears each step.
    public static func train(_ messages: [LabelledMessage], sources: [Source], features: TextFeatures = TextFeatures(),
                             options: TrainingOptions = TrainingOptions(), progress: (String) -> Void = { _ in }) -> ScamModel {
        var linear = LinearModel.Training()
        linear.iterations = options.iterations
        let detectorExamples = messages.map { (text: $0.text, label: $0.scam ? 1 : 0) }
        let exampleWeights = options.weights(messages)
        let folds = max(options.folds, 2)
        var fold = [Int](repeating: 0, count: messages.count)
        var random = LinearModel.SplitMix(state: options.seed)
        var order = Array(messages.indices)
        order.shuffle(using: &random)
        for (position, index) in order.enumerated() { fold[index] = position % folds }

        // For each C: every message scored by a model that did not see it, and the threshold
        // those scores give; the C whose threshold catches the most scams is kept.
        // What every C shares: each message's slots, each fold's training part and its weights.
        let slots = messages.map { features.slots($0.text) }
        let parts = (0..<folds).map { k in messages.indices.filter { fold[$0] != k } }
        let weighting = parts.map { part in options.idf ? IDF.quantised(part.map { slots[$0] }, dimension: features.dimension) : nil }
        let candidates = options.candidates.map { $0.sorted() }.flatMap { $0.isEmpty ? nil : $0 } ?? [options.c]
        /// The detector's training at `c`, its features weighted by `idf` when given.
        func detectorOptions(c: Double, idf: [UInt8]?) -> LinearModel.Training {
            var detector = linear
            detector.c = c
            detector.naiveBayes = options.naiveBayes
            detector.slotScale = idf?.map(IDF.value)
            return detector
        }
        var chosen: (c: Double, threshold: Float, caught: Int, blocked: Int)?
        for c in candidates {
            var outOfFold = [Float](repeating: 0, count: messages.count)
            for k in 0..<folds {
                let started = Date()
                let training = parts[k].map { detectorExamples[$0] }
                let idf = weighting[k]
                let model = LinearModel.train(training, labels: ["benign", "scam"], features: features, options: detectorOptions(c: c, idf: idf),
                                              weights: exampleWeights.map { weights in parts[k].map { weights[$0] } })
                let (weights, scale, bias) = detector(from: model)
                let partial = ScamModel(metadata: .empty(features, detectorScale: scale, detectorBias: bias), detector: weights, typology: [], idf: idf)
                for index in messages.indices where fold[index] == k {
                    outOfFold[index] = partial.scamProbability(slots: slots[index]) ?? 0.5
                }
                let name = candidates.count > 1 ? "C = \(c), fold" : "fold"
                progress("\(name) \(k + 1) of \(folds): \(training.count) messages, \(Self.fit(model)), \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
            let threshold = Self.threshold(messages, scores: outOfFold, target: options.targetFalsePositiveRate)
            let caught = messages.indices.filter { messages[$0].scam && outOfFold[$0] >= threshold }.count
            let blocked = messages.indices.filter { !messages[$0].scam && outOfFold[$0] >= threshold }.count
            if candidates.count > 1 {
                progress("C = \(c): threshold \(threshold), out of fold \(caught) of \(messages.filter(\.scam).count) scams caught, \(blocked) benign blocked")
            }
            if chosen.map({ caught > $0.caught || (caught == $0.caught && blocked < $0.blocked) }) ?? true {
                chosen = (c, threshold, caught, blocked)
            }
        }
        let (c, threshold, _, _) = chosen!
        linear.c = c
        let idf = options.idf ? IDF.quantised(slots, dimension: features.dimension) : nil
        progress((candidates.count > 1 ? "C = \(c) chosen; " : "") + "threshold \(threshold), from out-of-fold scores")

        var started = Date()
        let full = LinearModel.train(detectorExamples, labels: ["benign", "scam"], features: features, options: detectorOptions(c: c, idf: idf),
                                     weights: exampleWeights)
        let (weights, scale, bias) = detector(from: full)
        progress("detector: \(messages.count) messages, \(Self.fit(full)), \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        started = Date()
        let scams = messages.filter(\.scam)
        let types = Array(Set(scams.map { $0.type?.rawValue ?? "spam" })).sorted()
        var interleaved = [Float](repeating: 0, count: features.dimension * types.count)
        var typologyBias = [Float](repeating: 0, count: types.count)
        var typologyFit = "nothing to learn"
        if types.count >= 2 {  // with one type there is nothing to learn
            let typeModel = LinearModel.train(scams.map { (text: $0.text, label: types.firstIndex(of: $0.type?.rawValue ?? "spam")!) },
                                               labels: types, features: features, options: linear)
            for c in types.indices {
                for slot in 0..<features.dimension { interleaved[slot * types.count + c] = typeModel.weights[c * features.dimension + slot] }
            }
            typologyBias = typeModel.bias
            typologyFit = Self.fit(typeModel)
        }
        let (typology, typologyScale) = quantise(interleaved, as: Int8.self)
        progress("typology: \(scams.count) scams, \(types.count) types, \(typologyFit), \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        var scripts: [String: Int] = [:]
        for message in messages {
            for scalar in message.text.unicodeScalars { if let script = script(of: scalar) { scripts[script, default: 0] += 1 } }
        }
        var metadata = Metadata.empty(features, detectorScale: scale, detectorBias: bias)
        metadata.threshold = threshold
        metadata.types = types
        metadata.typologyScale = typologyScale
        metadata.typologyBias = typologyBias
        metadata.minTypeConfidence = options.minTypeConfidence
        metadata.scripts = scripts
        metadata.sources = sources
        metadata.training = options
        metadata.training.c = c
        var model = ScamModel(metadata: metadata, detector: weights, typology: typology, idf: idf)
        model.metadata.version = "text-" + String(Hex.encode(SHA256.hash(data: weights.withUnsafeBytes { Data($0) } + typology.withUnsafeBytes { Data($0) } + (idf ?? []))).prefix(12))
        // Probes: a few messages of each set, scored now.
        var probes: [Probe] = []
        for set in Set(messages.map(\.set)).sorted() {
            for message in messages.filter({ $0.set == set }).prefix(4) {
                let slots = features.slots(message.text)
                probes.append(Probe(text: message.text, probability: model.scamProbability(slots: slots) ?? 0.5, type: model.type(slots: slots).type))
            }
        }
        model.metadata.probes = probes
        return model
    }

    /// How a model's training ended, for the progress lines.
    static func fit(_ model: LinearModel) -> String {
        let gradient = String(format: "largest gradient component %.1e", model.largestGradient)
        return switch model.ending {
        case .optimum: "optimum in \(model.iterations) iterations"
        case .limit: "NOT at the optimum after \(model.iterations) iterations, \(gradient) (raise --iterations)"
        case .stalled: "NOT at the optimum: no step lowered the loss after \(model.iterations) iterations, \(gradient)"
        }
    }

    /// The lowest threshold at which no set's benign messages are called scams more often than
    /// `target`: just above the benign score that the target allows to pass, in the strictest set.
    static func threshold(_ messages: [LabelledMessage], scores: [Float], target: Double) -> Float {
        var threshold: Float?
        for set in Set(messages.map(\.set)) {
            let benign = messages.indices.filter { messages[$0].set == set && !messages[$0].scam }.map { scores[$0] }.sorted(by: >)
            guard !benign.isEmpty else { continue }
            let allowed = Int((target * Double(benign.count)).rounded(.down))
            if allowed < benign.count { threshold = max(threshold ?? 0, benign[allowed].nextUp) }
        }
        return threshold ?? 0.5
    }

    // MARK: the file

    /// The model as bytes: `ACCORDSM`, the format version and the metadata's length (32-bit little
    /// endian), the metadata as JSON, then the detector's weights (16-bit little endian), the typology's
    /// (8-bit) and, with `training.idf`, each slot's inverse document frequency (8-bit, see `IDF`).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(metadata)
        var out = Data(Self.magic)
        for value in [Self.formatVersion, UInt32(json.count)] { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        out.append(json)
        for weight in detector { withUnsafeBytes(of: weight.littleEndian) { out.append(contentsOf: $0) } }
        typology.withUnsafeBytes { out.append(contentsOf: $0) }
        if let idf { out.append(contentsOf: idf) }
        return out
    }

    public static func decode(_ data: Data) throws -> ScamModel {
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { throw ModelError("not an Accord scam model file (it does not start with ACCORDSM)") }
        func word(_ at: Int) -> UInt32 { UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24 }
        guard word(8) == formatVersion else {
            throw ModelError("model file format \(word(8)); this Accord reads format \(formatVersion): train the model again with `accord train`")
        }
        let length = Int(word(12))
        guard bytes.count >= 16 + length else { throw ModelError("the model file is cut short") }
        let metadata: Metadata
        do { metadata = try JSONDecoder().decode(Metadata.self, from: Data(bytes[16..<(16 + length)])) } catch {
            throw ModelError("the model file's metadata cannot be read: \(error)")
        }
        guard metadata.dimension > 0, metadata.dimension & (metadata.dimension - 1) == 0, metadata.dimension <= 1 << 24,
              metadata.maxCharacters > 0, !metadata.types.isEmpty, metadata.typologyBias.count == metadata.types.count else {
            throw ModelError("the model file's metadata is inconsistent")
        }
        let detectorEnd = 16 + length + 2 * metadata.dimension
        let typologyEnd = detectorEnd + metadata.dimension * metadata.types.count
        let expected = typologyEnd + (metadata.training.idf ? metadata.dimension : 0)
        guard bytes.count == expected else { throw ModelError("the model file has \(bytes.count) bytes; its metadata says \(expected)") }
        let detector = stride(from: 16 + length, to: detectorEnd, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
        let typology = bytes[detectorEnd..<typologyEnd].map { Int8(bitPattern: $0) }
        return ScamModel(metadata: metadata, detector: detector, typology: typology, idf: metadata.training.idf ? Array(bytes[typologyEnd...]) : nil)
    }

    public static func load(_ url: URL) throws -> ScamModel {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ModelError("cannot read the model file \(url.path)") }
        return try decode(data)
    }

    /// Where the shipped model's file is, in this build's resources.
    static var shippedFile: URL? { Bundle.module.url(forResource: "scam-model", withExtension: "accordmodel") }

    /// The model shipped with Accord, trained by `accord train` on the data sets its metadata names.
    public static let shipped: Result<ScamModel, ModelError> = {
        guard let url = shippedFile else {
            return .failure(ModelError("the shipped model is missing from this build"))
        }
        do { return .success(try load(url)) } catch let error as ModelError { return .failure(error) } catch {
            return .failure(ModelError("\(error)"))
        }
    }()

    /// Scores the probes again: the ones whose score or type differs from the recorded ones. A
    /// score may differ in its last bits (models written before Accord computed its own `exp`
    /// took the C library's, whose last bits depend on the processor); features read otherwise
    /// than at training move it far more.
    public func disagreeingProbes() -> [Probe] {
        metadata.probes.filter { probe in
            let slots = features.slots(probe.text)
            guard let probability = scamProbability(slots: slots) else { return true }
            return abs(probability - probe.probability) > 1e-5 || type(slots: slots).type != probe.type
        }
    }
}

public struct ModelError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension ScamModel.Metadata {
    static func empty(_ features: TextFeatures, detectorScale: Float, detectorBias: Float) -> Self {
        Self(version: "", dimension: features.dimension, maxCharacters: features.maxCharacters, threshold: 0.5, detectorScale: detectorScale,
             detectorBias: detectorBias, types: ["spam"], typologyScale: 1, typologyBias: [0], minTypeConfidence: 0.5, scripts: [:], sources: [],
             training: ScamModel.TrainingOptions(), probes: [], shapes: features.shapes,
             runs: features.runs ? true : nil, rawDigits: features.rawDigits ? true : nil)
    }
}
