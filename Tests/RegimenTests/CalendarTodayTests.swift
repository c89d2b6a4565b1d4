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
}
