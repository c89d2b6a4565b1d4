import Foundation
import Testing
@testable import Regimen

/// The default evaluation date reads the clock directly instead of through `Date()`: it must
/// be the same UTC day `Date()` gives, and the day of a time must floor before 1970 too.
@Suite struct CalendarTodayTests {
    @Test(arguments: [
        (0, 0), (1, 0), (86_399, 0), (86_400, 1), (86_401, 1), (172_800, 2),
        (-1, -1), (-86_399, -1), (-86_400, -1), (-86_401, -2), (-172_800, -2), (-172_801, -3),
        (1_796_256_000, 20_790), // 2026-12-03T00:00:00Z
    ])
    func dayOfUnixSeconds(seconds: Int, day: Int) {
        #expect(CalendarDate.dayNumber(ofUnixSeconds: seconds) == day)
        #expect(CalendarDate.dayNumber(ofUnixSeconds: seconds) == Int((Double(seconds) / 86_400).rounded(.down)))
    }

    @Test func todayIsTheUTCDayDateGives() {
        // Read between two readings of `Date()`, so a midnight in between cannot fail it.
        let before = CalendarDate(dayNumber: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        let today = CalendarDate.today
        let after = CalendarDate(dayNumber: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        #expect(today == before || today == after)
        #expect(!(today < before) && !(after < today))
    }

    @Test func theDayNumberRoundTrips() {
        for day in [-800_000, -1, 0, 1, 20_790, 2_932_896] {
            #expect(CalendarDate(dayNumber: day).dayNumber == day)
        }
    }

    /// Every day from 1970 to 10,183, of two centuries around year -220, and on both sides of
    /// each end of the range where the multiplying form is used: each date is the day after the one before (checked
    /// field by field, not through `dayNumber`) and round-trips through `dayNumber`, which is
    /// computed independently (days_from_civil).
    @Test func everyDayFollowsTheDayBefore() {
        func next(_ d: CalendarDate) -> CalendarDate {
            let leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0
            let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d.month - 1]
            if d.day < length { return CalendarDate(year: d.year, month: d.month, day: d.day + 1) }
            return d.month == 12 ? CalendarDate(year: d.year + 1, month: 1, day: 1) : CalendarDate(year: d.year, month: d.month + 1, day: 1)
        }
        let handover = -12_699_422, top = (1 << 30) - 12_699_422
        for range in [0...3_000_000, (-800_000)...(-763_000), (handover - 40_000)...(handover + 40_000), (top - 1_000)...(top + 1_000)] {
            var previous = CalendarDate(dayNumber: range.lowerBound)
            #expect(previous.dayNumber == range.lowerBound)
            var failures = 0
            for day in range.dropFirst() {
                let date = CalendarDate(dayNumber: day)
                if date != next(previous) || date.dayNumber != day {
                    failures += 1
                    if failures <= 5 { Issue.record("day \(day): \(date), after \(previous)") }
                }
                previous = date
            }
            #expect(failures == 0)
        }
        #expect(CalendarDate(dayNumber: handover) == CalendarDate(year: -32_800, month: 3, day: 1))
        #expect(CalendarDate(dayNumber: handover - 1) == CalendarDate(year: -32_800, month: 2, day: 29))
        #expect(CalendarDate(dayNumber: 0) == CalendarDate(year: 1970, month: 1, day: 1))
        #expect(CalendarDate(dayNumber: 20_790) == CalendarDate(year: 2026, month: 12, day: 3))
    }
}
