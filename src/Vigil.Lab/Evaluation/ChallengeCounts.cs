namespace Vigil.Lab.Evaluation;

/// <summary>Events of a class and how many the active policy challenged (step-up, limit or deny would-be).</summary>
public sealed class ChallengeCounts
{
    /// <summary>Events.</summary>
    public long Events { get; internal set; }

    /// <summary>Challenged.</summary>
    public long Challenged { get; internal set; }

    /// <summary>Denied (subset of challenged).</summary>
    public long Denied { get; internal set; }

    /// <summary>Challenged share, 0..1 (NaN without events).</summary>
    public double Rate => Events == 0 ? double.NaN : Challenged / (double)Events;

    internal void Add(bool challenged, bool denied)
    {
        Events++;
        Challenged += challenged ? 1 : 0;
        Denied += denied ? 1 : 0;
    }
}
