/// One record of a batch: a profile as one JSON line in, one JSON line out. A line that is not
/// a valid profile becomes an error line carrying its line number, so nothing is lost or
/// reordered and the caller can keep going.
public struct BatchOutcome: Sendable {
    /// One line of JSON, without the newline.
    public var json: String
    /// Whether the line was a valid profile; false means ``json`` is an error record (`line`, `error`,
    /// `errors`).
    public var succeeded: Bool
    /// How many options were recommended (0 for an error line), for the run's summary.
    public var recommendations: Int

    /// Creates an outcome from its parts; ``Engine/evaluateJSONLine(_:line:source:asOf:)`` makes them for
    /// you.
    public init(json: String, succeeded: Bool, recommendations: Int) {
        self.json = json
        self.succeeded = succeeded
        self.recommendations = recommendations
    }
}

extension Engine {
    /// Parses, checks and evaluates one JSON profile, binding it once.
    public func evaluateJSONLine(_ bytes: [UInt8], line: Int, source: String, asOf: String? = nil) -> BatchOutcome {
        var output: [UInt8] = []
        let (succeeded, recommendations) = evaluateJSONLine(bytes, line: line, source: source, asOf: asOf, appendingTo: &output)
        return BatchOutcome(json: String(decoding: output, as: UTF8.self), succeeded: succeeded, recommendations: recommendations)
    }

    /// Like ``evaluateJSONLine(_:line:source:asOf:)``, but appends the JSON line (without the newline) to
    /// `output`, so a caller can reuse one buffer for many lines; returns whether the line was a valid
    /// profile and how many options were recommended.
    public func evaluateJSONLine(_ bytes: [UInt8], line: Int, source: String, asOf: String? = nil,
                                 appendingTo output: inout [UInt8]) -> (succeeded: Bool, recommendations: Int) {
        let name = source
        var (profile, problems) = decodeProfile(bytes, name: name, format: .json, empty: "empty line: expected one JSON profile per line")
        if let profile, !problems.hasErrors {
            do {
                let date = try Engine.date(asOf)
                switch program.bind(profile, asOf: date) {
                case .success(var bound):
                    // The line shows every derived fact and each match of one: run the given
                    // ones' formulas once here, not at each.
                    program.computeGivenDerived(&bound)
                    let storage = EvaluationStorage(program: program, bound: bound, decision: program.decide(bound))
                    var w = JSONLineWriter()
                    storage.writeJSONLine(&w)
                    w.finish(appendingTo: &output)
                    return (true, storage.decision.recommended.count)
                case .failure(let error): problems += error.diagnostics
                }
            } catch {
                problems += error.diagnostics
            }
        }
        // Locations inside a one-line record: the record's line in the input, the column in it.
        let located = problems.filter { $0.severity == .error }.map { diagnostic -> Diagnostic in
            var d = diagnostic
            if var l = d.location, l.file == name {
                l.line = line + l.line - 1
                d.location = l
            }
            return d
        }
        Self.appendErrorLine(located, line: line, to: &output)
        return (false, 0)
    }

    /// Appends the error line (without the newline) for a JSON line over `limits.maxFileBytes`.
    /// A reader skips such a line without holding it in memory, so only its length is known.
    public func appendOversizedJSONLine(length: Int, line: Int, to output: inout [UInt8]) {
        let message = "line is \(length) bytes, over the \(LoadLimits.sizeDescription(limits.maxFileBytes)) limit (raise it with --max-file-size)"
        Self.appendErrorLine([.error(message, at: SourceLocation(file: "", line: line, column: 1))], line: line, to: &output)
    }

    private static func appendErrorLine(_ located: [Diagnostic], line: Int, to output: inout [UInt8]) {
        var w = JSONWriter(pretty: false)
        w.object { w in
            w.field("line"); w.value(line)
            w.field("error"); w.value(located.first?.message ?? "invalid profile")
            w.field("errors"); w.arrayValue { w in
                for d in located {
                    w.objectValue { w in
                        w.field("message"); w.value(d.message)
                        w.field("line"); w.value(d.location?.line ?? line)
                        w.field("column"); if let c = d.location?.column { w.value(c) } else { w.value(nil as String?) }
                    }
                }
            }
        }
        output.append(contentsOf: w.output.utf8)
    }
}
