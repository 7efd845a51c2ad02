namespace Vigil.Lab.Datasets;

/// <summary>What a numeric CSV timestamp counts: edge streams such as the one MIDAS is evaluated on count minutes.</summary>
public enum CsvTimeUnit
{
    /// <summary>Unix milliseconds.</summary>
    Milliseconds,

    /// <summary>Unix seconds.</summary>
    Seconds,

    /// <summary>Minutes (from the epoch, or from the stream's own origin).</summary>
    Minutes,
}
