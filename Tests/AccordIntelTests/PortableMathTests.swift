@testable import AccordIntel
import Foundation
import Testing

@Suite("Accord's own exp and log, and training to the optimum")
struct PortableMathTests {
    /// The distance between two doubles in units in the last place.
    static func ulps(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(a.ulp, b.ulp)
    }

    @Test("exp agrees with the C library's to 1 ulp over the whole range, and at its edges")
    func exp() {
        var random = LinearModel.SplitMix(state: 7)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = Double.random(in: -740...709, using: &random)
            worst = max(worst, Self.ulps(PortableMath.exp(x), Foundation.exp(x)))
        }
        for x in [0.0, 1, -1, 1e-300, -1e-300, 0.5, -0.5, 0.346, -0.347, 700, -700] {
            worst = max(worst, Self.ulps(PortableMath.exp(x), Foundation.exp(x)))
        }
        #expect(worst <= 1, "worst \(worst) ulp")
        #expect(PortableMath.exp(0) == 1)
        #expect(PortableMath.exp(710) == .infinity && PortableMath.exp(-746) == 0 && PortableMath.exp(.nan).isNaN)
        #expect(PortableMath.exp(-.infinity) == 0 && PortableMath.exp(.infinity) == .infinity)
        // Results below the smallest normal double come out subnormal, not zero.
        #expect(PortableMath.exp(-720) > 0 && PortableMath.exp(-720) < Double.leastNormalMagnitude)
    }

    @Test("log agrees with the C library's to 1 ulp, for subnormal, tiny, huge and ordinary values")
    func log() {
        var random = LinearModel.SplitMix(state: 11)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = Foundation.exp(Double.random(in: -744...709, using: &random))
            worst = max(worst, Self.ulps(PortableMath.log(x), Foundation.log(x)))
        }
        for x in [Double.leastNonzeroMagnitude, Double.leastNormalMagnitude / 3, Double.leastNormalMagnitude, 1e-300, 0.5, 0.70710678, 1.41421357, 2, 10, 1e300, Double.greatestFiniteMagnitude] {
            worst = max(worst, Self.ulps(PortableMath.log(x), Foundation.log(x)))
        }
        #expect(worst <= 1, "worst \(worst) ulp")
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.log(0) == -.infinity && PortableMath.log(-1).isNaN && PortableMath.log(.nan).isNaN)
        #expect(PortableMath.log(.infinity) == .infinity)
    }

    @Test("the sigmoid is a probability, ½ at 0, and saturates without overflow")
    func sigmoid() {
        #expect(PortableMath.sigmoid(0) == 0.5)
        #expect(PortableMath.sigmoid(100) == 1 && PortableMath.sigmoid(-100) > 0 && PortableMath.sigmoid(-1000) == 0)
        #expect(abs(PortableMath.sigmoid(2) - Float(1 / (1 + Foundation.exp(-2.0)))) <= Float(1).ulp)
    }

    @Test("training stops at the optimum (every gradient component within the tolerance), or says it did not")
    func optimum() {
        let examples = ScamModelTests.toy.map { (text: $0.text, label: $0.scam ? 1 : 0) }
        let features = TextFeatures(dimension: 1 << 12)
        let model = LinearModel.train(examples, labels: ["benign", "scam"], features: features)
        #expect(model.converged && model.iterations > 1)
        var short = LinearModel.Training()
        short.iterations = 2
        let stopped = LinearModel.train(examples, labels: ["benign", "scam"], features: features, options: short)
        #expect(!stopped.converged && stopped.iterations == 2)
        // At the optimum a stricter tolerance barely moves a weight.
        var strict = LinearModel.Training()
        strict.tolerance = 1e-9
        let stricter = LinearModel.train(examples, labels: ["benign", "scam"], features: features, options: strict)
        let moved = zip(model.weights, stricter.weights).map { abs($0 - $1) }.max() ?? 0
        #expect(moved < 1e-3, "\(moved)")
        #expect(ScamModel.fit(stopped).contains("NOT at the optimum") && ScamModel.fit(model).hasPrefix("optimum in"))
        #expect(ScamModel.fit(stopped).contains("largest gradient component") && stopped.largestGradient > 1e-5)
    }

    @Test("a step that leaves the value as it was is no step: where rounding hides the fall, the minimisation stops at once")
    func flatValue() {
        // A value as flat as rounding makes one near the optimum (1e20 absorbs any change), with a
        // gradient that still points somewhere: no step lowers it, so the search ends there.
        var evaluations = 0
        let result = LBFGS.minimize(size: 3, iterations: 1000, tolerance: 1e-5) { x, gradient in
            evaluations += 1
            for i in x.indices { gradient[i] = 1e-3 }
            return 1e20 + x.reduce(0, +) * 1e-3
        }
        #expect(result.ending == .stalled && result.iterations == 0 && result.x == [0, 0, 0])
        #expect(evaluations <= 41, "\(evaluations) evaluations")
        #expect(result.largestGradient == 1e-3)
        // A value that does fall is followed to the optimum as before.
        let bowl = LBFGS.minimize(size: 2, iterations: 100, tolerance: 1e-9) { x, gradient in
            gradient[0] = 2 * (x[0] - 3); gradient[1] = 4 * (x[1] + 1)
            return (x[0] - 3) * (x[0] - 3) + 2 * (x[1] + 1) * (x[1] + 1)
        }
        #expect(bowl.ending == .optimum && abs(bowl.x[0] - 3) < 1e-6 && abs(bowl.x[1] + 1) < 1e-6 && bowl.largestGradient <= 1e-9)
    }
}
