/// A patient profile as read from a file or built in code: what is known about one patient.
/// It is checked against a rule set's vocabulary (ids, units, ranges) when bound to an engine.
public struct Profile: Sendable {
    public struct Measurement: Sendable {
        public var value: Double
        /// The unit as given; nil means the marker's canonical unit.
        public var unit: String?
        /// ISO date (YYYY-MM-DD) the measurement was taken, when given.
        public var date: String?
        public var location: SourceLocation?

        public init(value: Double, unit: String? = nil, date: String? = nil, location: SourceLocation? = nil) {
            self.value = value
            self.unit = unit
            self.date = date
            self.location = location
        }
    }

    public struct Treatment: Sendable {
        public enum Status: String, Sendable, CaseIterable { case current, past }
        public enum Response: String, Sendable, CaseIterable { case good, partial, inadequate, intolerant }
        public var option: String
        public var status: Status
        public var response: Response?
        public var location: SourceLocation?

        public init(option: String, status: Status, response: Response? = nil, location: SourceLocation? = nil) {
            self.option = option
            self.status = status
            self.response = response
            self.location = location
        }
    }

    /// An id with where it was written, for located errors about it.
    public struct Reference: Sendable {
        public var id: String
        public var location: SourceLocation?
        public init(_ id: String, location: SourceLocation? = nil) {
            self.id = id
            self.location = location
        }
    }

    public var id: String?
    public var age: Double?
    public var sex: Sex?
    public var conditions: [Reference] = []
    public var ruledOut: [Reference] = []
    public var markers: [(id: Reference, measurement: Measurement)] = []
    public var scales: [(id: Reference, value: Double, date: String?, location: SourceLocation?)] = []
    public var treatments: [Treatment] = []
    /// A fixture's expected outcome (`expect:`), when the file carries one.
    public var expectations: Expectations?
    /// The file the profile came from, if any.
    public var file: String?
    /// The date the profile describes (`as_of:`); nil means today, unless the caller says otherwise.
    public var asOf: String?
    var ageLocation: SourceLocation?
    var asOfLocation: SourceLocation?

    public init(id: String? = nil) {
        self.id = id
    }
}

/// What a fixture expects of its evaluation: lists of ids; a nil list is not checked.
public struct Expectations: Sendable {
    public var recommend: [String]?
    public var notRecommend: [String]?
    public var avoid: [String]?
    public var withheld: [String]?
    public var requires: [String]?
    public var gaps: [String]?
    public var location: SourceLocation?

    public init() {}
}
