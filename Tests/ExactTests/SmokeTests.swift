import Exact
import PropertyBased
import Testing

@Test func generatorsProduceValues() async {
    await propertyCheck(count: 20, input: ExactGen.rationalWide) { q in
        #expect(q.denominator.signum == 1)
    }
}
