/// `exp` and `log` in plain IEEE arithmetic, the same to the last bit on every machine.
///
/// The C library picks its `exp` and `log` by the processor (with or without fused multiply-add,
/// say), and their last bits differ between the variants. Training sums millions of them, so a
/// model trained on one machine came out different from the same training on another. Every
/// operation here is an IEEE addition, multiplication or division, which are exact-rounded
/// everywhere, so training gives the same bytes on any machine the same build runs on.
enum PortableMath {
    static let ln2High = 6.931_471_803_691_238_164_9e-01  // ln 2 to 32 bits: k × ln2High is exact
    static let ln2Low = 1.908_214_929_270_587_700_0e-10   // ln 2 − ln2High

    /// e^x, to 1 ulp of the C library's.
    static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782_712_893_384 { return .infinity }
        if x < -745.133_219_101_941_1 { return 0 }
        // x = k ln 2 + r with |r| ≤ ln 2 / 2, then e^r by its Taylor series to r¹⁴ (the first term
        // left out is below 10⁻¹⁷ of the sum), summed from the smallest term (Horner).
        let k = (x / (ln2High + ln2Low)).rounded()
        let r = (x - k * ln2High) - k * ln2Low
        var sum = 1.0
        for n in stride(from: 14, through: 1, by: -1) { sum = 1 + sum * r / Double(n) }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// The natural logarithm of x, to 1 ulp of the C library's; −∞ at 0 and NaN below.
    static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        // x = m 2^e with m in [√½, √2), then ln m = 2 atanh(s) with s = (m − 1)/(m + 1), |s| < 0.172.
        var e = Int(x.exponent)
        var m = x.significand  // [1, 2), also for subnormal x
        if m > 1.414_213_562_373_095_1 {
            m /= 2
            e += 1
        }
        // 2 atanh(s) = 2s + 2s³/3 + 2s⁵/5 + … to s²⁵, summed from the smallest term (Horner).
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var tail = 0.0
        for n in stride(from: 25, through: 3, by: -2) { tail = (tail + 2 / Double(n)) * s2 }
        let k = Double(e)
        return k * ln2High + (k * ln2Low + (2 * s + tail * s))
    }

    /// 1 / (1 + e^−x) as a `Float`.
    static func sigmoid(_ x: Float) -> Float {
        Float(1 / (1 + exp(-Double(x))))
    }
}
