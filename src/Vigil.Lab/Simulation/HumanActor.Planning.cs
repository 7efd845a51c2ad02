namespace Vigil.Lab.Simulation;

internal sealed partial class HumanActor
{
    private void PlanDay(SimContext ctx, int day)
    {
        _plan.Clear();
        _planPos = 0;
        var date = ctx.StartDate.AddDays(day);
        var midnight = ctx.StartMs + (day * SimTime.Day) - _p.OffsetMs;
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var holiday = Holidays.IsHoliday(_p.Home.CountryIso, date);
        var forced = _attached.Exists(c => c.Day == day);

        if (_tripCity is not null && day > _tripEnd)
        {
            _tripCity = null;
        }

        var flightOut = false;
        if (_tripCity is null && !weekend && !holiday && !forced && _r.Chance(_p.TripsPerMonth / 21.0))
        {
            var tripDays = _r.Next(1, 5);
            if (!Enumerable.Range(day, tripDays + 1).Any(_p.OnVacation))
            {
                _tripCity = PickTripCity(ctx);
                _tripEnd = day + tripDays;
                flightOut = true;
            }
        }

        var flightBack = _tripCity is not null && day == _tripEnd && !flightOut;

        if (_p.OnVacation(day) && !forced)
        {
            if (_r.Chance(0.12))
            {
                var city = _p.VacationCity ?? _p.Home;
                Add(ctx, midnight + (_r.Next(9 * 60, 21 * 60) * SimTime.Minute), _r.Next(3, 20) * SimTime.Minute, Place.Mobile, city, day, phone: true);
            }

            Finish(ctx, day, midnight, forced);
            return;
        }

        var working = (!weekend && !holiday) || _r.Chance(_p.WeekendWorkProbability) || forced || flightBack;
        var shiftStart = midnight + (_p.StartMinute * SimTime.Minute) + (long)(_r.Normal(0, 15) * SimTime.Minute);
        if (!working)
        {
            if (_r.Chance(0.25))
            {
                Add(ctx, midnight + (_r.Next(10 * 60, 22 * 60) * SimTime.Minute), _r.Next(2, 15) * SimTime.Minute, Place.Mobile, _tripCity ?? _p.Home, day, phone: true);
            }

            Finish(ctx, day, midnight, forced);
            return;
        }

        if (weekend || holiday)
        {
            Add(ctx, shiftStart + (_r.Next(0, 180) * SimTime.Minute), _r.Next(40, 180) * SimTime.Minute,
                _tripCity is null ? Place.Home : Place.TravelHotel, _tripCity ?? _p.Home, day, phone: false);
            Finish(ctx, day, midnight, forced);
            return;
        }

        var length = (_p.WorkMinutes + _r.Next(-30, 31)) * SimTime.Minute;
        if (flightOut)
        {
            // Morning at home base, then a flight: the next sign-in comes from the destination a plausible time later.
            var firstLength = _r.Next(60, 150) * SimTime.Minute;
            Add(ctx, shiftStart, firstLength, HomeBasePlace(), _p.Home, day, phone: false);
            var flight = (long)((_p.Home.DistanceKm(_tripCity!) / 800.0 * SimTime.Hour) + (2 * SimTime.Hour));
            var arrival = shiftStart + firstLength + SimTime.Hour + flight;
            Add(ctx, arrival + (_r.Next(10, 40) * SimTime.Minute), _r.Next(2, 10) * SimTime.Minute, Place.Mobile, _tripCity!, day, phone: true);
            Add(ctx, arrival + (_r.Next(60, 180) * SimTime.Minute), _r.Next(45, 150) * SimTime.Minute, Place.TravelHotel, _tripCity!, day, phone: false);
        }
        else if (flightBack)
        {
            var firstLength = _r.Next(60, 180) * SimTime.Minute;
            Add(ctx, shiftStart, firstLength, TripPlace(ctx), _tripCity!, day, phone: false);
            var flight = (long)((_p.Home.DistanceKm(_tripCity!) / 800.0 * SimTime.Hour) + (2 * SimTime.Hour));
            Add(ctx, shiftStart + firstLength + SimTime.Hour + flight + (_r.Next(20, 90) * SimTime.Minute), _r.Next(3, 20) * SimTime.Minute, Place.Mobile, _p.Home, day, phone: true);
            _tripCity = null;
        }
        else
        {
            var place = _tripCity is not null ? TripPlace(ctx) : HomeBasePlace();
            var city = _tripCity ?? _p.Home;
            var morning = (long)(length * _r.Uniform(0.4, 0.6));
            var lunch = _r.Next(30, 75) * SimTime.Minute;
            Add(ctx, shiftStart, morning, place, city, day, phone: false);
            Add(ctx, shiftStart + morning + lunch, length - morning, place, city, day, phone: false);
            if (_r.Chance(0.3))
            {
                Add(ctx, shiftStart + morning + (_r.Next(5, 25) * SimTime.Minute), _r.Next(2, 8) * SimTime.Minute, Place.Mobile, city, day, phone: true);
            }
        }

        // An evening phone check, except on flight days (the person may still be in the air).
        if (!flightOut && !flightBack && _r.Chance(0.3))
        {
            Add(ctx, shiftStart + length + (_r.Next(90, 300) * SimTime.Minute), _r.Next(3, 20) * SimTime.Minute, Place.Mobile, _tripCity ?? _p.Home, day, phone: true);
        }

        Finish(ctx, day, midnight, forced);
    }

    private Place HomeBasePlace() =>
        _p.Office is not null && _r.Chance(_p.OfficeDaysPerWeek / 5.0) ? Place.Office : Place.Home;

    private Place TripPlace(SimContext ctx) =>
        OfficeIndex(ctx, _tripCity!) >= 0 && _r.Chance(0.7) ? Place.TravelOffice : Place.TravelHotel;

    private City PickTripCity(SimContext ctx)
    {
        if (_r.Chance(0.55))
        {
            var office = ctx.World.Offices[_r.Next(ctx.World.Offices.Count)];
            if (office != _p.Home)
            {
                return office;
            }
        }

        while (true)
        {
            var city = ctx.World.Cities[_r.Next(ctx.World.Cities.Count)];
            if (city != _p.Home && !WorldMap.IsAttackerHaven(city))
            {
                return city;
            }
        }
    }

    private static int OfficeIndex(SimContext ctx, City city)
    {
        for (var i = 0; i < ctx.World.Offices.Count; i++)
        {
            if (ctx.World.Offices[i] == city)
            {
                return i;
            }
        }

        return -1;
    }

    private void Add(SimContext ctx, long start, long duration, Place place, City city, int day, bool phone)
    {
        if (start < ctx.StartMs || start >= ctx.EndMs)
        {
            return;
        }

        _plan.Add(new PlannedSession(start, Math.Max(duration, SimTime.Minute), place, city, day, phone));
    }

    private void Finish(SimContext ctx, int day, long midnight, bool forced)
    {
        // A campaign attached to this day rides on a laptop session, so make sure there is one in the period.
        if (forced && !_plan.Exists(s => !s.Phone))
        {
            var start = Math.Clamp(midnight + (10 * SimTime.Hour), ctx.StartMs, ctx.EndMs - (3 * SimTime.Hour));
            _plan.Add(new PlannedSession(start, 2 * SimTime.Hour, Place.Home, _p.Home, day, false));
        }

        _plan.Sort((a, b) => a.StartMs.CompareTo(b.StartMs));
    }
}
