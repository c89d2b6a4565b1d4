import Foundation

/// Input text as the loaders need it: UTF-8, with characters that would make libyaml and an
/// editor disagree about line numbers refused at their position.
///
/// UTF-16 files (with a byte order mark) are transcoded, so locations, quoted lines and
/// messages all work on the same text. YAML 1.1 reads U+0085, U+2028 and U+2029 as line breaks
/// while editors do not; rather than report errors on lines the author cannot see, they are
/// refused where they stand.
enum TextEncoding {
    static func utf8(_ bytes: [UInt8], file: String) -> (bytes: [UInt8], diagnostic: Diagnostic?) {
        var text = bytes
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let (utf8, refused) = transcodeUTF16(bytes, littleEndian: bytes[0] == 0xFF, file: file)
            // On failure the text up to the bad unit is what diagnostics quote: the raw UTF-16
            // bytes read as UTF-8 would put NUL bytes on the user's terminal.
            // U+FFFD stands for the bad unit, so the caret has a character to point at.
            if let refused { return (utf8 + [0xEF, 0xBF, 0xBD], refused) }
            text = utf8
        }
        // Each refused character starts with 0xC2 or 0xE2: text without those bytes (most rule
        // files) needs no line counting.
        let suspect = text.withUnsafeBufferPointer { buffer in
            buffer.count > 0 && (memchr(buffer.baseAddress!, 0xC2, buffer.count) != nil || memchr(buffer.baseAddress!, 0xE2, buffer.count) != nil)
        }
        if !suspect { return (text, nil) }
        var line = 1, column = 1
        var i = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < text.count {
            let b = text[i]
            var name: String?
            if b == 0xC2, i + 1 < text.count, text[i + 1] == 0x85 { name = "U+0085 NEXT LINE" }
            if b == 0xE2, i + 2 < text.count, text[i + 1] == 0x80, text[i + 2] == 0xA8 { name = "U+2028 LINE SEPARATOR" }
            if b == 0xE2, i + 2 < text.count, text[i + 1] == 0x80, text[i + 2] == 0xA9 { name = "U+2029 PARAGRAPH SEPARATOR" }
            if let name {
                return (text, .error("\(name): YAML 1.1 reads it as a line break but editors do not; replace it with a newline or a space",
                                     at: SourceLocation(file: file, line: line, column: column), code: CheckID.yamlSyntax))
            }
            if b == 0x0A || (b == 0x0D && (i + 1 >= text.count || text[i + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (text, nil)
    }

    /// UTF-16 (either byte order, after its BOM) to UTF-8; an unpaired surrogate is a located
    /// error, returned with the text transcoded before it.
    static func transcodeUTF16(_ bytes: [UInt8], littleEndian: Bool, file: String) -> (bytes: [UInt8], diagnostic: Diagnostic?) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var line = 1, column = 1
        var i = 2
        func unit(_ at: Int) -> UInt32 {
            littleEndian ? UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 : UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1])
        }
        while i + 1 < bytes.count {
            var scalar = unit(i)
            i += 2
            if (0xD800...0xDBFF).contains(scalar) {
                guard i + 1 < bytes.count, (0xDC00...0xDFFF).contains(unit(i)) else {
                    return (out, .error("unpaired UTF-16 surrogate 0x\(String(scalar, radix: 16, uppercase: true))", at: SourceLocation(file: file, line: line, column: column), code: CheckID.yamlSyntax))
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (unit(i) - 0xDC00)
                i += 2
            } else if (0xDC00...0xDFFF).contains(scalar) {
                return (out, .error("unpaired UTF-16 surrogate 0x\(String(scalar, radix: 16, uppercase: true))", at: SourceLocation(file: file, line: line, column: column), code: CheckID.yamlSyntax))
            }
            guard let u = Unicode.Scalar(scalar) else { continue }
            out.append(contentsOf: Array(String(Character(u)).utf8))
            if scalar == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        if i < bytes.count {
            return (out, .error("the UTF-16 text ends in half a character (an odd number of bytes)", at: SourceLocation(file: file, line: line, column: column), code: CheckID.yamlSyntax))
        }
        return (out, nil)
    }
}
