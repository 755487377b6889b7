/// Claim 8 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim8 {
    static let checks: [Check] = []
}
