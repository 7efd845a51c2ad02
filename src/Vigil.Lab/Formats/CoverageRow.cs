using Vigil.Core.Telemetry;

namespace Vigil.Lab.Formats;

/// <summary>Counts for one source; each share is a count over the events where the source has the field.</summary>
public sealed class CoverageRow(string source)
{
    public string Source { get; } = source;
    public int Events { get; internal set; }
    public int ReadAsIs { get; internal set; }
    public int Read { get; internal set; }
    public int WithSubject { get; internal set; }
    public int OutcomeExpected { get; internal set; }
    public int WithOutcome { get; internal set; }
    public int IpExpected { get; internal set; }
    public int WithIp { get; internal set; }
    public int UserAgentExpected { get; internal set; }
    public int WithUserAgent { get; internal set; }
    public int MfaExpected { get; internal set; }
    public int WithMfa { get; internal set; }
    public SortedDictionary<EventKind, int> Kinds { get; } = [];

    internal void Add(CoverageRow other)
    {
        Events += other.Events;
        ReadAsIs += other.ReadAsIs;
        Read += other.Read;
        WithSubject += other.WithSubject;
        OutcomeExpected += other.OutcomeExpected;
        WithOutcome += other.WithOutcome;
        IpExpected += other.IpExpected;
        WithIp += other.WithIp;
        UserAgentExpected += other.UserAgentExpected;
        WithUserAgent += other.WithUserAgent;
        MfaExpected += other.MfaExpected;
        WithMfa += other.WithMfa;
        foreach (var (kind, count) in other.Kinds)
        {
            Kinds[kind] = Kinds.GetValueOrDefault(kind) + count;
        }
    }
}
