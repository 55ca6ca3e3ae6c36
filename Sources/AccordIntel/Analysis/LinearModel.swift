import Foundation

/// A multinomial logistic regression over hashed, present-or-absent features: one weight per class
/// and slot, and a bias per class. A message's features are its slots, each valued
/// `1/sqrt(count)` (the vector has length 1), so long and short messages weigh alike.
///
/// Trained by Accord's own code to the optimum of the L2-regularised log loss (L-BFGS), the
/// classes weighted so that each counts as much as the others: the same data give the same model.
public struct LinearModel: Sendable {
    public let labels: [String]
    public let features: TextFeatures
    /// `weights[class * dimension + slot]`.
    public private(set) var weights: [Float]
    public private(set) var bias: [Float]
    /// How the training ended: the L-BFGS steps taken, and why it stopped.
    public private(set) var iterations = 0
    private(set) var ending = LBFGS.Ending.optimum
    /// The largest component of the objective's gradient where the training stopped.
    public private(set) var largestGradient = 0.0
    /// Whether the training reached the optimum (every component of the gradient within the tolerance).
    public var converged: Bool { ending == .optimum }

    public init(labels: [String], features: TextFeatures) {
        precondition(labels.count >= 2, "a classifier needs two labels or more")
        self.labels = labels
        self.features = features
        weights = [Float](repeating: 0, count: labels.count * features.dimension)
        bias = [Float](repeating: 0, count: labels.count)
    }

    public struct Training: Sendable {
        /// The inverse of the L2 regularisation's strength, as scikit-learn's `C`: the objective is
        /// `C × (weighted log loss) + ½ ||weights||²`.
        public var c: Double = 30
        /// At most this many L-BFGS iterations.
        public var iterations = 1000
        /// The optimum is reached when no component of the objective's gradient is larger.
        public var tolerance = 1e-5
        /// With two labels: scale each feature by its naive Bayes log-count ratio before fitting
        /// (Wang and Manning's NBSVM), folded into the weights after.
        public var naiveBayes = false
        /// A weight for each slot (`features.dimension` of them; nil: all 1), such as its inverse
        /// document frequency: a message's features are valued `weight / sqrt(Σ weight²)` instead
        /// of `1/sqrt(count)`, and the weights fold into the model's. Its `probabilities` then
        /// read no longer as trained: score through a `ScamModel` that holds the same weights.
        public var slotScale: [Float]?

        public init() {}
    }

    /// A small deterministic generator (SplitMix64): splits and shuffles that a seed fixes.
    public struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Trains on `examples` (text, label index) to the optimum of the regularised, class-balanced
    /// log loss, by L-BFGS over the slots the examples use: the same data give the same model.
    /// `weights` (one per example; nil: all 1) scale each example's part of the loss; the classes
    /// are balanced by their weighted counts.
    public static func train(_ examples: [(text: String, label: Int)], labels: [String], features: TextFeatures = TextFeatures(),
                             options: Training = Training(), weights exampleWeights: [Double]? = nil,
                             progress: ((Int, Double) -> Void)? = nil) -> LinearModel {
        precondition(exampleWeights.map { $0.count == examples.count && $0.allSatisfy { $0 >= 0 && $0.isFinite } } ?? true,
                     "a finite weight of zero or more for each example")
        let k = labels.count
        // The slots in use, numbered densely.
        var dense: [Int: Int] = [:]
        var slotOf: [Int] = []
        let encoded: [(columns: [Int], value: Double, label: Int, weight: Double)] = examples.enumerated().map { index, example in
            let slots = features.slots(example.text)
            let columns = slots.map { slot -> Int in
                if let column = dense[slot] { return column }
                dense[slot] = slotOf.count
                slotOf.append(slot)
                return slotOf.count - 1
            }
            let norm = options.slotScale.map { scale in slots.reduce(0.0) { $0 + Double(scale[$1]) * Double(scale[$1]) } } ?? Double(slots.count)
            return (columns, slots.isEmpty ? 0 : 1 / norm.squareRoot(), example.label, exampleWeights?[index] ?? 1)
        }
        // (With every example's weight 1 these are the plain counts, and the model the same to the bit.)
        var counts = [Double](repeating: 0, count: k)
        for example in encoded { counts[example.label] += example.weight }
        let total = counts.reduce(0, +)
        let classWeight = counts.map { $0 == 0 ? 0 : total / (Double(k) * $0) }
        let columns = slotOf.count
        // Each column's scale: 1, or its naive Bayes log-count ratio (smoothed by 1).
        var scale = [Double](repeating: 1, count: columns)
        if options.naiveBayes && k == 2 {
            var present = [[Double]](repeating: [Double](repeating: 1, count: columns), count: 2)
            for example in encoded { for column in example.columns { present[example.label][column] += 1 } }
            let totals = present.map { $0.reduce(0, +) }
            for column in 0..<columns { scale[column] = PortableMath.log((present[1][column] / totals[1]) / (present[0][column] / totals[0])) }
        }
        if let slotScale = options.slotScale {
            for column in 0..<columns { scale[column] *= Double(slotScale[slotOf[column]]) }
        }
        // θ: k × columns weights, then k biases.
        let size = k * columns + k
        func objective(_ theta: [Double], _ gradient: inout [Double]) -> Double {
            var loss = 0.0
            for i in 0..<(k * columns) { gradient[i] = theta[i] / options.c }
            for c in 0..<k { gradient[k * columns + c] = 0 }
            loss += theta[0..<(k * columns)].reduce(0) { $0 + $1 * $1 } / (2 * options.c)
            var scores = [Double](repeating: 0, count: k)
            for example in encoded where !example.columns.isEmpty {
                for c in 0..<k {
                    var sum = theta[k * columns + c]
                    let base = c * columns
                    for column in example.columns { sum += theta[base + column] * example.value * scale[column] }
                    scores[c] = sum
                }
                let top = scores.max()!
                var total = 0.0
                for c in 0..<k { scores[c] = PortableMath.exp(scores[c] - top); total += scores[c] }
                let weight = classWeight[example.label] * example.weight
                loss -= weight * PortableMath.log(max(scores[example.label] / total, 1e-300))
                for c in 0..<k {
                    let g = weight * (scores[c] / total - (c == example.label ? 1 : 0))
                    let base = c * columns
                    for column in example.columns { gradient[base + column] += g * example.value * scale[column] }
                    gradient[k * columns + c] += g
                }
            }
            return loss
        }
        let result = LBFGS.minimize(size: size, iterations: options.iterations, tolerance: options.tolerance, objective, progress: progress)
        let theta = result.x
        var model = LinearModel(labels: labels, features: features)
        model.iterations = result.iterations
        model.ending = result.ending
        model.largestGradient = result.largestGradient
        for c in 0..<k {
            for (column, slot) in slotOf.enumerated() { model.weights[c * features.dimension + slot] = Float(theta[c * columns + column] * scale[column]) }
            model.bias[c] = Float(theta[k * columns + c])
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
            values[i] = Float(PortableMath.exp(Double(values[i] - top)))
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
