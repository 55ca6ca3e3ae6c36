import Foundation

/// A multinomial logistic regression over hashed, present-or-absent features: one weight per class
/// and slot, and a bias per class. A message's features are its slots, each valued
/// `1/sqrt(count)` (the vector has length 1), so long and short messages weigh alike.
///
/// Trained by Accord's own code: stochastic gradient descent with AdaGrad steps and L2
/// regularisation, the classes weighted so that each counts as much as the others, the examples
/// shuffled by a seeded generator: the same data and seed give the same model, bit for bit.
public struct LinearModel: Sendable {
    public let labels: [String]
    public let features: TextFeatures
    /// `weights[class * dimension + slot]`.
    public private(set) var weights: [Float]
    public private(set) var bias: [Float]

    public init(labels: [String], features: TextFeatures) {
        precondition(labels.count >= 2, "a classifier needs two labels or more")
        self.labels = labels
        self.features = features
        weights = [Float](repeating: 0, count: labels.count * features.dimension)
        bias = [Float](repeating: 0, count: labels.count)
    }

    public struct Training: Sendable {
        public var epochs = 12
        public var learningRate: Float = 0.5
        /// L2 strength per example step.
        public var l2: Float = 1e-6
        public var seed: UInt64 = 42

        public init() {}
    }

    /// A small deterministic generator (SplitMix64): the shuffles of a training run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Trains on `examples` (text, label index).
    public static func train(_ examples: [(text: String, label: Int)], labels: [String], features: TextFeatures = TextFeatures(),
                             options: Training = Training(), progress: ((Int) -> Void)? = nil) -> LinearModel {
        var model = LinearModel(labels: labels, features: features)
        let encoded = examples.map { (slots: features.slots($0.text), label: $0.label) }
        var counts = [Int](repeating: 0, count: labels.count)
        for example in encoded { counts[example.label] += 1 }
        let classWeight = counts.map { $0 == 0 ? Float(0) : Float(encoded.count) / Float(labels.count * $0) }
        let dimension = features.dimension, k = labels.count
        var squares = [Float](repeating: 1e-8, count: k * dimension), biasSquares = [Float](repeating: 1e-8, count: k)
        var order = Array(encoded.indices)
        var random = SplitMix(state: options.seed)
        var probabilities = [Float](repeating: 0, count: k)
        for epoch in 0..<options.epochs {
            order.shuffle(using: &random)
            for index in order {
                let (slots, label) = encoded[index]
                guard !slots.isEmpty else { continue }
                let value = 1 / Float(slots.count).squareRoot()
                model.scores(slots, value: value, into: &probabilities)
                softmax(&probabilities)
                let weight = classWeight[label]
                for c in 0..<k {
                    let gradient = (probabilities[c] - (c == label ? 1 : 0)) * weight
                    let base = c * dimension
                    for slot in slots {
                        let i = base + slot
                        let g = gradient * value + options.l2 * model.weights[i]
                        squares[i] += g * g
                        model.weights[i] -= options.learningRate * g / squares[i].squareRoot()
                    }
                    biasSquares[c] += gradient * gradient
                    model.bias[c] -= options.learningRate * gradient / biasSquares[c].squareRoot()
                }
            }
            progress?(epoch + 1)
        }
        return model
    }

    /// Each class's score (before the softmax).
    func scores(_ slots: [Int], value: Float, into out: inout [Float]) {
        let dimension = features.dimension
        for c in 0..<labels.count {
            var sum = bias[c]
            let base = c * dimension
            for slot in slots { sum += weights[base + slot] * value }
            out[c] = sum
        }
    }

    static func softmax(_ values: inout [Float]) {
        let top = values.max() ?? 0
        var total: Float = 0
        for i in values.indices {
            values[i] = Foundation.exp(values[i] - top)
            total += values[i]
        }
        for i in values.indices { values[i] /= total }
    }

    /// The probability of each label for `text` (all equal when the text has no features).
    public func probabilities(_ text: String) -> [Float] {
        probabilities(slots: features.slots(text))
    }

    public func probabilities(slots: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: labels.count)
        guard !slots.isEmpty else { return out.map { _ in 1 / Float(labels.count) } }
        scores(slots, value: 1 / Float(slots.count).squareRoot(), into: &out)
        Self.softmax(&out)
        return out
    }

    /// The features of `text` that pushed it most towards `label`: name and weight, strongest first.
    public func explain(_ text: String, label: Int, top: Int = 5) -> [(feature: String, weight: Float)] {
        var seen = Set<Int>()
        var out: [(String, Float)] = []
        for (name, slot) in features.named(text) where seen.insert(slot).inserted {
            var push = weights[label * features.dimension + slot]
            for other in labels.indices where other != label { push -= weights[other * features.dimension + slot] / Float(labels.count - 1) }
            out.append((name, push))
        }
        return Array(out.sorted { $0.1 > $1.1 }.prefix(top))
    }
}
