import Foundation

/// Renders validation findings for people (text), scripts (JSON), GitHub code scanning
/// (SARIF 2.1.0) and GitHub Actions annotations.
extension ReportRenderer {
    /// Output formats of validation findings: `text`, `json` (a stable array), `sarif` (SARIF 2.1.0) and
    /// `github` (workflow annotations).
    public enum FindingsFormat: String, Sendable, CaseIterable { case text, json, sarif, github }

    /// Renders a validation report in `format`; `color` adds ANSI colours to text.
    public static func findings(_ report: ValidationReport, as format: FindingsFormat, color: Bool = false) -> String {
        switch format {
        case .text: return findingsText(report, color: color)
        case .json: return findingsJSON(report)
        case .sarif: return sarif(report)
        case .github: return github(report)
        }
    }

    static func findingsText(_ report: ValidationReport, color: Bool) -> String {
        let s = Style(color: color)
        var out = ""
        for f in report.findings {
            let tint = f.severity == .error ? s.red : s.yellow
            var lines = f.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let code = f.code.map { " [\($0)]" } ?? ""
            if !lines.isEmpty {
                lines[0] = lines[0].replacingEvery("\(f.severity.rawValue):", with: "\(tint)\(f.severity.rawValue):\(s.reset)") + code
            }
            out += lines.joined(separator: "\n") + "\n"
        }
        let files = report.files.count
        let summary = "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")"
        out += (report.findings.isEmpty ? "\(s.green)ok\(s.reset): " : "") + summary + "\n"
        return out
    }

    static func findingsJSON(_ report: ValidationReport) -> String {
        var w = JSONWriter(pretty: true)
        w.array { w in
            for f in report.findings {
                w.objectValue { w in
                    w.field("check"); w.value(f.code)
                    w.field("severity"); w.value(f.severity.rawValue)
                    w.field("message"); w.value(f.message)
                    w.field("file"); w.value(f.location?.file)
                    w.field("line"); if let l = f.location { w.value(l.line) } else { w.value(nil as String?) }
                    w.field("column"); if let l = f.location { w.value(l.column) } else { w.value(nil as String?) }
                    w.field("help"); w.value(f.code.flatMap { Checks.description(of: $0)?.help })
                    w.field("notes"); w.arrayValue { w in
                        for n in f.notes {
                            w.objectValue { w in
                                w.field("message"); w.value(n.message)
                                w.field("file"); w.value(n.location?.file)
                                w.field("line"); if let l = n.location { w.value(l.line) } else { w.value(nil as String?) }
                                w.field("column"); if let l = n.location { w.value(l.column) } else { w.value(nil as String?) }
                            }
                        }
                    }
                }
            }
        }
        return w.output + "\n"
    }

    /// A file path as a SARIF artifact URI: relative to the working directory when inside it
    /// (GitHub resolves those against the repository root), percent-encoded.
    static func artifactURI(_ path: String) -> String {
        var relative = path
        let cwd = FileManager.default.currentDirectoryPath
        if relative.hasPrefix(cwd + "/") { relative.removeFirst(cwd.count + 1) }
        if relative.hasPrefix("./") { relative.removeFirst(2) }
        // RFC 3986's unreserved characters and `/` as they are; every other byte as %XX
        // (Foundation's `urlPathAllowed` less "?#[]@!$&'()*+,;=:", as before).
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var encoded = ""
        for byte in relative.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return relative.hasPrefix("/") ? "file://" + encoded : encoded
    }

    static func sarif(_ report: ValidationReport) -> String {
        let ruleIndex = Dictionary(uniqueKeysWithValues: Checks.all.enumerated().map { ($1.id, $0) })
        var w = JSONWriter(pretty: true)
        w.object { w in
            w.field("$schema"); w.value("https://json.schemastore.org/sarif-2.1.0.json")
            w.field("version"); w.value("2.1.0")
            w.field("runs"); w.arrayValue { w in
                w.objectValue { w in
                    w.field("tool"); w.objectValue { w in
                        w.field("driver"); w.objectValue { w in
                            w.field("name"); w.value("regimen")
                            w.field("version"); w.value(Engine.version)
                            w.field("semanticVersion"); w.value(Engine.version)
                            w.field("rules"); w.arrayValue { w in
                                for check in Checks.all {
                                    w.objectValue { w in
                                        w.field("id"); w.value(check.id)
                                        w.field("name"); w.value(check.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
                                        w.field("shortDescription"); w.objectValue { w in w.field("text"); w.value(check.summary) }
                                        w.field("fullDescription"); w.objectValue { w in w.field("text"); w.value(check.summary + " " + check.help) }
                                        w.field("help"); w.objectValue { w in w.field("text"); w.value(check.help) }
                                        w.field("defaultConfiguration"); w.objectValue { w in w.field("level"); w.value(check.severity == .error ? "error" : "warning") }
                                    }
                                }
                            }
                        }
                    }
                    w.field("results"); w.arrayValue { w in
                        for f in report.findings {
                            w.objectValue { w in
                                let id = f.code ?? CheckID.schema
                                w.field("ruleId"); w.value(id)
                                if let index = ruleIndex[id] { w.field("ruleIndex"); w.value(index) }
                                w.field("level"); w.value(f.severity == .error ? "error" : f.severity == .warning ? "warning" : "note")
                                w.field("message"); w.objectValue { w in w.field("text"); w.value(f.message) }
                                w.field("locations"); w.arrayValue { w in
                                    if let l = f.location { physicalLocation(l, &w) }
                                }
                                if !f.notes.isEmpty {
                                    w.field("relatedLocations"); w.arrayValue { w in
                                        for (n, note) in f.notes.enumerated() {
                                            guard let l = note.location else { continue }
                                            w.objectValue { w in
                                                w.field("id"); w.value(n)
                                                w.field("physicalLocation"); physicalLocationBody(l, &w)
                                                w.field("message"); w.objectValue { w in w.field("text"); w.value(note.message) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    w.field("columnKind"); w.value("unicodeCodePoints")
                }
            }
        }
        return w.output + "\n"
    }

    private static func physicalLocation(_ l: SourceLocation, _ w: inout JSONWriter) {
        w.objectValue { w in
            w.field("physicalLocation"); physicalLocationBody(l, &w)
        }
    }

    private static func physicalLocationBody(_ l: SourceLocation, _ w: inout JSONWriter) {
        w.objectValue { w in
            w.field("artifactLocation"); w.objectValue { w in w.field("uri"); w.value(artifactURI(l.file)) }
            w.field("region"); w.objectValue { w in
                w.field("startLine"); w.value(l.line)
                w.field("startColumn"); w.value(l.column)
            }
        }
    }

    /// GitHub Actions workflow commands: one annotation per finding.
    static func github(_ report: ValidationReport) -> String {
        func escapeData(_ s: String) -> String {
            s.replacingEvery("%", with: "%25").replacingEvery("\r", with: "%0D").replacingEvery("\n", with: "%0A")
        }
        func escapeProperty(_ s: String) -> String {
            escapeData(s).replacingEvery(":", with: "%3A").replacingEvery(",", with: "%2C")
        }
        var out = ""
        for f in report.findings {
            let command = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "notice"
            var properties: [String] = []
            if let l = f.location {
                properties += ["file=\(escapeProperty(l.file))", "line=\(l.line)", "col=\(l.column)"]
            }
            properties.append("title=\(escapeProperty("regimen " + (f.code ?? "finding")))")
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(f.message))\n"
        }
        return out
    }
}
