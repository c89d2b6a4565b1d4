/// The byte buffer a JSON line is written into, with the few value writers a line needs. Keys
/// and brackets are written as constants; strings are escaped as `JSONWriter` escapes them;
/// numbers come out as `Double.shortDescription` writes them, straight into the buffer.
///
/// The buffer is its own allocation rather than an array: a line is a few hundred small
/// appends, and each array append checks uniqueness and capacity through calls that cost more
/// than the copy. Whoever makes a writer calls `finish(appendingTo:)` once, which hands the
/// bytes over and frees the buffer; a writer is not to be copied.
struct JSONLineWriter {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16_384) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// Appends what was written to `output` and frees the buffer.
    mutating func finish(appendingTo output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        base.deallocate()
        count = 0
        capacity = 0
    }

    /// The bytes written so far.
    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(never) private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always) mutating func copy(_ fragment: UnsafeBufferPointer<UInt8>) {
        let n = fragment.count
        guard n > 0 else { return }
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(from: fragment.baseAddress!, count: n)
        count += n
    }

    @inline(__always) mutating func raw(_ text: StaticString) {
        copy(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = b
        count += 1
    }

    mutating func string(_ s: String) {
        byte(UInt8(ascii: "\""))
        escaped(s)
        byte(UInt8(ascii: "\""))
    }

    mutating func string(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    /// The inside of `s` as a JSON string, as `JSONWriter.appendEscaped` writes it. Most
    /// strings need no escape and are copied whole.
    mutating func escaped(_ s: String) {
        var s = s
        let clean = s.withUTF8 { utf8 in
            for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 { return false }
            copy(utf8)
            return true
        }
        if !clean {
            var escaped: [UInt8] = []
            JSONWriter.appendEscaped(s, to: &escaped)
            escaped.withUnsafeBufferPointer { copy($0) }
        }
    }

    mutating func int(_ v: Int) {
        if v < 0 {
            byte(UInt8(ascii: "-"))
            digits(v.magnitude)
        } else {
            digits(UInt(v))
        }
    }

    /// A finite double as `Double.shortDescription` (`10`, `4.21`); null otherwise.
    mutating func number(_ v: Double) {
        if v.isFinite { shortNumber(v) } else { raw("null") }
    }

    mutating func strings<S: Sequence>(_ items: S) where S.Element == String {
        byte(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            string(item)
        }
        byte(UInt8(ascii: "]"))
    }

    @inline(__always) mutating func comma(_ needed: Bool) {
        if needed { byte(UInt8(ascii: ",")) }
    }

    /// The decimal digits of `v`, most significant first.
    mutating func digits(_ v: UInt) {
        if v < 10 { byte(UInt8(truncatingIfNeeded: v) &+ 48); return }
        let length = ShortNumber.digitCount(v)
        if count + length > capacity { grow(to: count + length) }
        ShortNumber.writeDigits(v, length: length, at: base + count)
        count += length
    }
}
