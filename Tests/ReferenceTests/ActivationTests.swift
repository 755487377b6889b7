import Exact
import PropertyBased
import Reference
import Testing

@Suite("Homotopy activation")
struct ActivationTests {
    @Test func piecesAndKinkOnSmallGrid() {
        // Exhaustive on s, z ∈ {−3, −5/2, …, 3}: the pieces, the derivatives and the kink.
        let grid = (-6...6).map { Rational($0, 2) }
        for s in grid {
            let sigma = HomotopyActivation(s: s)
            for z in grid {
                let expected = (1 - s) * z + s * (z.signum > 0 ? z : 0)
                #expect(sigma.value(z) == expected)
                switch z.signum {
                case 1:
                    #expect(sigma.derivative(at: z) == .value(1))
                    #expect(sigma.secondDerivative(at: z) == .value(0))
                case -1:
                    #expect(sigma.derivative(at: z) == .value(1 - s))
                    #expect(sigma.secondDerivative(at: z) == .value(0))
                default:
                    if s.isZero {
                        #expect(sigma.derivative(at: z) == .value(1))
                    } else {
                        #expect(sigma.derivative(at: z) == .kink(left: 1 - s, right: 1))
                        #expect(sigma.secondDerivative(at: z).value == nil)
                    }
                }
            }
        }
    }

    @Test func specialValuesOfS() {
        for z in (-8...8).map({ Rational($0, 3) }) {
            #expect(HomotopyActivation(s: 0).value(z) == z)
            #expect(HomotopyActivation(s: 1).value(z) == (z.signum > 0 ? z : 0))
            #expect(HomotopyActivation(s: 2).value(z) == z.magnitude)
        }
    }

    @Test func valueInSAgreesWithEvaluation() {
        for z in (-8...8).map({ Rational($0, 3) }) {
            let polynomial = HomotopyActivation.valueInS(z)
            for s in (-4...8).map({ Rational($0, 4) }) {
                #expect(polynomial.evaluate(at: s) == HomotopyActivation(s: s).value(z))
                if let derivative = HomotopyActivation.derivativeInS(z) {
                    #expect(HomotopyActivation(s: s).derivative(at: z) == .value(derivative.evaluate(at: s)))
                }
            }
        }
    }
}
