/// Binding reads a profile's entries in place. Copying an entry out of its array (`for entry in
/// array`) retained every string in it, the file names of its locations included, which binding
/// reads only to report an error: about 45 retain/release pairs per profile, an eighth of a
/// 100-rule decision. `markers` and `scales` hold tuples, which the runtime copied with its
/// generic tuple copy even when one field was read through a pointer, so their fields are
/// reached at the offsets `MemoryLayout` gives (SE-0210) instead.
extension Profile {
    typealias MarkerEntry = (id: Reference, measurement: Measurement)
    typealias ScaleEntry = (id: Reference, value: Double, date: String?, location: SourceLocation?)

    /// One entry of `markers`, valid during the call it is passed to.
    struct MarkerFields {
        /// The entry's position in `markers`.
        let index: Int
        let id: UnsafePointer<Reference>
        let measurement: UnsafePointer<Measurement>
    }

    /// One entry of `scales`, valid during the call it is passed to.
    struct ScaleFields {
        /// The entry's position in `scales`.
        let index: Int
        let id: UnsafePointer<Reference>
        let value: Double
        let date: UnsafePointer<String?>
        let location: UnsafePointer<SourceLocation?>
    }

    private enum Offsets {
        static var markerID: Int { MemoryLayout<MarkerEntry>.offset(of: \MarkerEntry.id)! }
        static var measurement: Int { MemoryLayout<MarkerEntry>.offset(of: \MarkerEntry.measurement)! }
        static var scaleID: Int { MemoryLayout<ScaleEntry>.offset(of: \ScaleEntry.id)! }
        static var value: Int { MemoryLayout<ScaleEntry>.offset(of: \ScaleEntry.value)! }
        static var date: Int { MemoryLayout<ScaleEntry>.offset(of: \ScaleEntry.date)! }
        static var location: Int { MemoryLayout<ScaleEntry>.offset(of: \ScaleEntry.location)! }
    }

    /// Each marker entry in order.
    func forEachMarkerInPlace(_ body: (MarkerFields) -> Void) {
        markers.forEachInPlace { index, pointer in
            let entry = UnsafeRawPointer(pointer)
            body(MarkerFields(index: index, id: (entry + Offsets.markerID).assumingMemoryBound(to: Reference.self),
                              measurement: (entry + Offsets.measurement).assumingMemoryBound(to: Measurement.self)))
        }
    }

    /// Each scale entry in order.
    func forEachScaleInPlace(_ body: (ScaleFields) -> Void) {
        scales.forEachInPlace { index, pointer in
            let entry = UnsafeRawPointer(pointer)
            body(ScaleFields(index: index, id: (entry + Offsets.scaleID).assumingMemoryBound(to: Reference.self),
                             value: (entry + Offsets.value).load(as: Double.self),
                             date: (entry + Offsets.date).assumingMemoryBound(to: String?.self),
                             location: (entry + Offsets.location).assumingMemoryBound(to: SourceLocation?.self)))
        }
    }

    /// The value, unit and date of `entries[index]` as given, read in place.
    static func measurement(of entries: [MarkerEntry], at index: Int) -> (value: Double, unit: String?, date: String?) {
        entries.withUnsafeBufferPointer { elements in
            let m = (UnsafeRawPointer(elements.baseAddress! + index) + Offsets.measurement).assumingMemoryBound(to: Measurement.self)
            return (m.pointee.value, m.pointee.unit, m.pointee.date)
        }
    }

    /// The date of `entries[index]`, read in place.
    static func date(of entries: [ScaleEntry], at index: Int) -> String? {
        entries.withUnsafeBufferPointer { elements in
            (UnsafeRawPointer(elements.baseAddress! + index) + Offsets.date).assumingMemoryBound(to: String?.self).pointee
        }
    }
}

extension Array {
    /// Each element in order, through a pointer valid during the call: reading a field through
    /// it copies that field alone.
    @inline(__always)
    func forEachInPlace(_ body: (UnsafePointer<Element>) -> Void) {
        forEachInPlace { _, element in body(element) }
    }

    /// Each element in order with its index, as `forEachInPlace(_:)`.
    @inline(__always)
    func forEachInPlace(_ body: (Int, UnsafePointer<Element>) -> Void) {
        withUnsafeBufferPointer { elements in
            guard let base = elements.baseAddress else { return }
            for i in 0..<elements.count { body(i, base + i) }
        }
    }
}
