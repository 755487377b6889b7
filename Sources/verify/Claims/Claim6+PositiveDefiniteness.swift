/// Claim 6 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim6 {
    static let checks: [Check] = []
}
