/// Claim 3 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim3 {
    static let checks: [Check] = []
}
