/// Claim 2 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim2 {
    static let checks: [Check] = []
}
