/// A patient profile as read from a file or built in code: what is known about one patient.
/// It is checked against a rule set's vocabulary (ids, units, ranges) when bound to an engine.
public struct Profile: Sendable {
    /// A marker value as the profile gives it (`crp: 1.8 mg/dL`), before conversion to the marker's canonical
    /// unit.
    public struct Measurement: Sendable {
        /// The value, in ``unit``.
        public var value: Double
        /// The unit as given; nil means the marker's canonical unit.
        public var unit: String?
        /// ISO date (YYYY-MM-DD) the measurement was taken, when given.
        public var date: String?
        /// Where the value is written in the profile file; nil for profiles built in code.
        public var location: SourceLocation?
        /// Where the unit is written, when it has its own place (`{ value, unit }`).
        var unitLocation: SourceLocation?

        /// Creates a measurement; `unit` nil means the canonical unit, `date` is YYYY-MM-DD.
        public init(value: Double, unit: String? = nil, date: String? = nil, location: SourceLocation? = nil) {
            self.value = value
            self.unit = unit
            self.date = date
            self.location = location
        }
    }

    /// One entry of `treatments:`: an option the patient takes or took, and how it went.
    public struct Treatment: Sendable {
        /// Whether the treatment is ongoing (`current`, which makes `taking:` true) or stopped (`past`);
        /// either makes `tried:` true.
        public enum Status: String, Sendable, CaseIterable { case current, past }
        /// How the patient responded: `good`, `partial`, `inadequate` or `intolerant`; the last two make
        /// `failed:` true.
        public enum Response: String, Sendable, CaseIterable { case good, partial, inadequate, intolerant }
        /// Id of the therapy option (an entry of the rule set's `options:`), e.g. `methotrexate`.
        public var option: String
        /// Whether the treatment is current or past.
        public var status: Status
        /// How the patient responded; nil when not recorded (then `failed:` is false for it).
        public var response: Response?
        /// Where the entry is written in the profile file; nil for profiles built in code.
        public var location: SourceLocation?

        /// Creates a treatment entry for the option with this id.
        public init(option: String, status: Status, response: Response? = nil, location: SourceLocation? = nil) {
            self.option = option
            self.status = status
            self.response = response
            self.location = location
        }
    }

    /// An id with where it was written, for located errors about it.
    public struct Reference: Sendable {
        /// The vocabulary id as written (a condition, marker or scale id), e.g. `latent_tb`.
        public var id: String
        /// Where the id is written in the profile file; nil for ids added in code.
        public var location: SourceLocation?
        /// Creates a reference to `id`, optionally with where it was written.
        public init(_ id: String, location: SourceLocation? = nil) {
            self.id = id
            self.location = location
        }
    }

    /// The profile's own id (`id:`), echoed as the evaluation's ``Evaluation/profile``; nil when not given.
    public var id: String?
    /// Age in years (0 to 130); nil when not known, which makes `age:` tests ``Truth/unknown``.
    public var age: Double?
    /// Sex as recorded; nil when not known, which makes `sex:` tests ``Truth/unknown``.
    public var sex: Sex?
    /// Conditions listed as present (`conditions:`); a condition not listed counts as absent unless the rule
    /// set says `assume: unknown`.
    public var conditions: [Reference] = []
    /// Conditions known to be absent (`ruled_out:`); what lets an `assume: unknown` condition such as latent
    /// TB count as absent.
    public var ruledOut: [Reference] = []
    /// Marker measurements (`markers:`), each with the marker id it was given under; a marker not listed is
    /// not known.
    public var markers: [(id: Reference, measurement: Measurement)] = []
    /// Scale scores (`scales:`): id, score, measurement date (YYYY-MM-DD) if given, and where written. An id
    /// of a derived fact (`das28_crp`) gives that fact's value, which wins over the computed one.
    public var scales: [(id: Reference, value: Double, date: String?, location: SourceLocation?)] = []
    /// Treatment history (`treatments:`), which `taking:`, `failed:` and `tried:` tests read.
    public var treatments: [Treatment] = []
    /// A fixture's expected outcome (`expect:`), when the file carries one.
    public var expectations: Expectations?
    /// The file the profile came from, if any.
    public var file: String?
    /// The date the profile describes (`as_of:`); nil means today, unless the caller says otherwise.
    public var asOf: String?
    var ageLocation: SourceLocation?
    var asOfLocation: SourceLocation?

    /// Creates an empty profile: nothing known but the optional id.
    public init(id: String? = nil) {
        self.id = id
    }
}

/// What a fixture expects of its evaluation: lists of ids; a nil list is not checked.
public struct Expectations: Sendable {
    /// Option ids that must be exactly the recommended ones (`recommend:`).
    public var recommend: [String]?
    /// Option ids that must not be recommended (`not_recommend:`); other options may be.
    public var notRecommend: [String]?
    /// Option ids that must be exactly the ones advised against (`avoid:`).
    public var avoid: [String]?
    /// Option ids that must be exactly the withheld ones (`withheld:`).
    public var withheld: [String]?
    /// Fact ids that must be exactly the union of every recommendation's `requires` (`requires:`).
    public var requires: [String]?
    /// Fact ids that must be exactly the facts of the gaps (`gaps:`).
    public var gaps: [String]?
    /// Where the `expect:` section is written; nil when built in code.
    public var location: SourceLocation?

    /// Creates expectations that check nothing; set the lists to check.
    public init() {}
}
