/// Claim 7 of the suite (see proofs-notes/). Placeholder until its checks land.
enum Claim7 {
    static let checks: [Check] = []
}
