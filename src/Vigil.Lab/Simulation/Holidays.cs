namespace Vigil.Lab.Simulation;

/// <summary>Public holidays by country: the fixed-date ones plus Easter-based ones where they apply.</summary>
internal static class Holidays
{
    public static bool IsHoliday(string countryIso, DateOnly date)
    {
        var (m, d) = (date.Month, date.Day);
        if ((m == 1 && d == 1) || (m == 12 && d == 25))
        {
            return true;
        }

        var easter = Easter(date.Year);
        var fromEaster = date.DayNumber - easter.DayNumber;
        return countryIso switch
        {
            "DE" or "AT" or "CH" => fromEaster is -2 or 1 or 39 or 50 || (m == 5 && d == 1) || (m == 10 && d == 3) || (m == 12 && d == 26),
            "GB" or "IE" => fromEaster is -2 or 1 || (m == 12 && d == 26),
            "FR" => fromEaster is 1 or 39 or 50 || (m == 5 && (d == 1 || d == 8)) || (m == 7 && d == 14) || (m == 8 && d == 15) || (m == 11 && (d == 1 || d == 11)),
            "US" => (m == 7 && d == 4) || (m == 11 && d == 11) || NthWeekday(date, 11, DayOfWeek.Thursday, 4) || NthWeekday(date, 9, DayOfWeek.Monday, 1) || NthWeekday(date, 1, DayOfWeek.Monday, 3),
            "CA" => fromEaster == -2 || (m == 7 && d == 1) || NthWeekday(date, 9, DayOfWeek.Monday, 1) || NthWeekday(date, 10, DayOfWeek.Monday, 2),
            "IN" => (m == 1 && d == 26) || (m == 8 && d == 15) || (m == 10 && d == 2),
            "SG" => (m == 8 && d == 9) || (m == 5 && d == 1),
            _ => (m == 5 && d == 1) || fromEaster == 1,
        };
    }

    private static bool NthWeekday(DateOnly date, int month, DayOfWeek weekday, int n) =>
        date.Month == month && date.DayOfWeek == weekday && ((date.Day - 1) / 7) + 1 == n;

    /// <summary>Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" algorithm).</summary>
    private static DateOnly Easter(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
