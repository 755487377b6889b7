/// Claim 4 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim4 {
    static let checks: [Check] = []
}
