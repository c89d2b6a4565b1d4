import CYAMLFloor

/// The floor for any libyaml-backed loader: Debian's libyaml parsing the bytes into events,
/// each event freed at once, nothing built. Returns the number of events (so the work cannot
/// be optimised away).
public func libyamlEventScan(_ bytes: [UInt8]) -> Int {
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else { fatalError("yaml_parser_initialize failed") }
    defer { yaml_parser_delete(parser) }
    var events = 0
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                fatalError("libyaml: \(String(cString: parser.pointee.problem)) at line \(parser.pointee.problem_mark.line + 1)")
            }
            let type = event.type
            yaml_event_delete(&event)
            events += 1
            if type == YAML_STREAM_END_EVENT { break }
        }
    }
    return events
}
