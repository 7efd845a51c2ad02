namespace Vigil.Core.Scoring;

/// <summary>Bands of the 0..100 risk score.</summary>
public enum RiskLevel : byte
{
    /// <summary>Below 20: nothing notable.</summary>
    None,
    /// <summary>20 to 39.</summary>
    Low,
    /// <summary>40 to 64.</summary>
    Medium,
    /// <summary>65 to 84.</summary>
    High,
    /// <summary>85 and above.</summary>
    Critical,
}
