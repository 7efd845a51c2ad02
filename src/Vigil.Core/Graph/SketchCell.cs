using System.Runtime.InteropServices;

namespace Vigil.Core.Graph;

/// <summary>
/// One cell of a MIDAS-R count-min sketch row: the decayed current count and the tick it was last decayed to, the
/// total, and the past and today's peaks of the current count (the graph detector's bar). 32 bytes, so that the
/// six cells an edge touches are six cache lines, not thirty-six.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct SketchCell
{
    public const int Size = 32;

    /// <summary>Total count (double: a float stops counting at 2^24).</summary>
    public double Total;

    /// <summary>Current count, decayed to <see cref="Tick"/>.</summary>
    public float Current;

    /// <summary>Tick (from the origin) the current count was last decayed to.</summary>
    public int Tick;

    /// <summary>The peak of the current count on days before <see cref="Day"/>, decayed to it.</summary>
    public float Peak;

    /// <summary>The peak of the current count on <see cref="Day"/> so far.</summary>
    public float Today;

    /// <summary>Day (from the origin) of <see cref="Today"/>.</summary>
    public int Day;
}
