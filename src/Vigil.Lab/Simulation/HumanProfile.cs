namespace Vigil.Lab.Simulation;

/// <summary>Everything fixed about one employee: who, where, when they work, their devices and what they use.</summary>
internal sealed class HumanProfile
{
    public required int Index { get; init; }

    public required Identity Identity { get; init; }

    public required DepartmentSpec Department { get; init; }

    public required RoleSpec Role { get; init; }

    public required City Home { get; init; }

    /// <summary>The office this person goes to, null for fully remote staff.</summary>
    public City? Office { get; init; }

    public IpBlock? OfficeEgress { get; init; }

    /// <summary>Office days per week (0..5) for staff with an office.</summary>
    public int OfficeDaysPerWeek { get; init; }

    public bool NightShift { get; init; }

    /// <summary>Local minute of the day the shift starts.</summary>
    public int StartMinute { get; init; }

    public int WorkMinutes { get; init; }

    public double WeekendWorkProbability { get; init; }

    public required Device[] Devices { get; init; }

    public required IpBlock HomeBlock { get; init; }

    public required IpBlock MobileBlock { get; init; }

    public required IpBlock VpnHub { get; init; }

    /// <summary>Share of home sessions that go through the corporate VPN (egress at the hub city).</summary>
    public double CorporateVpnShare { get; init; }

    /// <summary>Share of personal-device sessions through a commercial VPN: benign anonymiser traffic.</summary>
    public double ConsumerVpnShare { get; init; }

    public IpBlock? ConsumerVpn { get; init; }

    public double TripsPerMonth { get; init; }

    /// <summary>First day of the person's vacation, or -1.</summary>
    public int VacationStart { get; init; } = -1;

    public int VacationDays { get; init; }

    /// <summary>Where the vacation is spent, null for at home.</summary>
    public City? VacationCity { get; init; }

    public required Resource[] Resources { get; init; }

    /// <summary>Cumulative access weights over <see cref="Resources"/> (Zipf-like: a few resources dominate).</summary>
    public required double[] Cumulative { get; init; }

    public AuthMethod PreferredAuth { get; init; }

    public MfaMethod PreferredMfa { get; init; }

    public double ActionsPerHour { get; init; }

    public required ulong Seed { get; init; }

    public long OffsetMs => Home.UtcOffsetMs;

    public bool OnVacation(int day) => VacationStart >= 0 && day >= VacationStart && day < VacationStart + VacationDays;

    /// <summary>The home router's address: stable for a DHCP lease of about three weeks, then it moves within the ISP block.</summary>
    public uint HomeIp(int day) => HomeBlock.Address(SimRandom.Hash(Seed ^ (ulong)((day + (int)(Seed % 21)) / 21)));

    /// <summary>The office NAT: everyone at one office shares a handful of addresses.</summary>
    public uint OfficeIp(ulong salt) => OfficeEgress!.Address((ulong)Index % 3 ^ (salt & 1));

    public Device? PrimaryOn(int day)
    {
        Device? found = null;
        foreach (var d in Devices)
        {
            if (!d.IsMobile && d.InUseOn(day))
            {
                found = d;
            }
        }

        return found;
    }

    public Device? PhoneOn(int day) => Array.Find(Devices, d => d.IsMobile && d.InUseOn(day));
}
