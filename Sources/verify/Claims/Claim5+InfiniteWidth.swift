/// Claim 5 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim5 {
    static let checks: [Check] = []
}
