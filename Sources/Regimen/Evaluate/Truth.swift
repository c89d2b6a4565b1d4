/// Kleene's strong three-valued logic. Ordered false < unknown < true, so `and` is the minimum,
/// `or` the maximum and `not` the mirror.
public enum Truth: UInt8, Sendable, Hashable, CustomStringConvertible {
    case `false` = 0
    case unknown = 1
    case `true` = 2

    @inline(__always) public static func && (a: Truth, b: Truth) -> Truth { a.rawValue < b.rawValue ? a : b }
    @inline(__always) public static func || (a: Truth, b: Truth) -> Truth { a.rawValue > b.rawValue ? a : b }
    @inline(__always) public static prefix func ! (a: Truth) -> Truth { Truth(rawValue: 2 - a.rawValue)! }

    public init(_ value: Bool) { self = value ? .true : .false }

    public var description: String {
        switch self {
        case .false: return "false"
        case .unknown: return "unknown"
        case .true: return "true"
        }
    }
}
