/// Claim 9 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim9 {
    static let checks: [Check] = []
}
