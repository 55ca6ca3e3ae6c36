import Foundation

/// Limited-memory BFGS (Nocedal and Wright, algorithm 7.4 and 7.5), with a backtracking line search
/// that keeps the Armijo condition: minimises a smooth function given its value and gradient.
/// It stops at the optimum, when no component of the gradient is larger than `tolerance`, or
/// when it can go no further (no step lowers the value), or after `iterations` steps.
enum LBFGS {
    /// Why the minimisation stopped.
    enum Ending: Sendable {
        /// Every component of the gradient within the tolerance.
        case optimum
        /// No step lowered the value, short of the tolerance (more steps would not help).
        case stalled
        /// The limit on steps.
        case limit
    }

    struct Result {
        var x: [Double]
        /// The steps taken.
        var iterations: Int
        var ending: Ending
        /// The largest component of the gradient where it stopped (at most the tolerance at the optimum).
        var largestGradient: Double
    }

    static func minimize(size: Int, iterations: Int, tolerance: Double, memory: Int = 10,
                         _ function: ([Double], inout [Double]) -> Double, progress: ((Int, Double) -> Void)? = nil) -> Result {
        var x = [Double](repeating: 0, count: size)
        var gradient = [Double](repeating: 0, count: size)
        var value = function(x, &gradient)
        func largest(_ gradient: [Double]) -> Double { gradient.reduce(0) { max($0, abs($1)) } }
        func small(_ gradient: [Double]) -> Bool { gradient.allSatisfy { abs($0) <= tolerance } }
        func result(_ iterations: Int, _ ending: Ending) -> Result {
            Result(x: x, iterations: iterations, ending: ending, largestGradient: largest(gradient))
        }
        if small(gradient) { return result(0, .optimum) }
        var steps: [[Double]] = [], changes: [[Double]] = [], rhos: [Double] = []
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var sum = 0.0
            for i in a.indices { sum += a[i] * b[i] }
            return sum
        }
        for iteration in 1...max(1, iterations) {
            // The direction: minus the inverse-Hessian estimate times the gradient (two-loop recursion).
            var q = gradient
            var alphas = [Double](repeating: 0, count: steps.count)
            for j in stride(from: steps.count - 1, through: 0, by: -1) {
                alphas[j] = rhos[j] * dot(steps[j], q)
                for i in q.indices { q[i] -= alphas[j] * changes[j][i] }
            }
            if let s = steps.last, let y = changes.last {
                let scale = dot(s, y) / dot(y, y)
                for i in q.indices { q[i] *= scale }
            } else {
                let norm = dot(q, q).squareRoot()
                if norm > 0 { for i in q.indices { q[i] /= norm } }
            }
            for j in steps.indices {
                let beta = rhos[j] * dot(changes[j], q)
                for i in q.indices { q[i] += steps[j][i] * (alphas[j] - beta) }
            }
            let direction = q.map { -$0 }
            let slope = dot(gradient, direction)
            guard slope < 0 else { return result(iteration - 1, .stalled) }
            // Backtracking: halve the step until the value falls enough. A step that leaves the
            // value as it was is none: near the optimum the fall can be lost in rounding, and
            // taking such steps would go on to the limit, each after forty halvings, for nothing.
            var step = 1.0
            var next = x, nextGradient = gradient, nextValue = value
            var found = false
            for _ in 0..<40 {
                for i in x.indices { next[i] = x[i] + step * direction[i] }
                nextValue = function(next, &nextGradient)
                if nextValue < value && nextValue <= value + 1e-4 * step * slope { found = true; break }
                step /= 2
            }
            guard found else { return result(iteration - 1, .stalled) }
            let s = zip(next, x).map { $0 - $1 }, y = zip(nextGradient, gradient).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > 1e-12 {
                steps.append(s); changes.append(y); rhos.append(1 / sy)
                if steps.count > memory { steps.removeFirst(); changes.removeFirst(); rhos.removeFirst() }
            }
            x = next
            gradient = nextGradient
            value = nextValue
            progress?(iteration, value)
            if small(gradient) { return result(iteration, .optimum) }
        }
        return result(max(1, iterations), .limit)
    }
}
