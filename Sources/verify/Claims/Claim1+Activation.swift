/// Claim 1 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim1 {
    static let checks: [Check] = []
}
