/// Kleene's strong three-valued logic. Ordered false < unknown < true, so `and` is the minimum,
/// `or` the maximum and `not` the mirror.
public enum Truth: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Known to be false (JSON `false`).
    case `false` = 0
    /// Not known: a fact the test needs is missing, stale or cannot be computed (JSON `null`).
    case unknown = 1
    /// Known to be true (JSON `true`).
    case `true` = 2

    /// Kleene `and`: false if either side is false, true if both are true, otherwise unknown.
    /// Kleene `not`: swaps true and false; unknown stays unknown.
    /// Kleene `or`: true if either side is true, false if both are false, otherwise unknown.
    @inline(__always) public static func && (a: Truth, b: Truth) -> Truth { a.rawValue < b.rawValue ? a : b }
    @inline(__always) public static func || (a: Truth, b: Truth) -> Truth { a.rawValue > b.rawValue ? a : b }
    @inline(__always) public static prefix func ! (a: Truth) -> Truth { Truth(rawValue: 2 - a.rawValue)! }

    /// The known truth value of a Boolean: never unknown.
    public init(_ value: Bool) { self = value ? .true : .false }

    /// `true`, `false` or `unknown`.
    public var description: String {
        switch self {
        case .false: return "false"
        case .unknown: return "unknown"
        case .true: return "true"
        }
    }
}
