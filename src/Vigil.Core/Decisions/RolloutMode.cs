namespace Vigil.Core.Decisions;

/// <summary>Whether decisions are enforced or only recorded.</summary>
public enum RolloutMode : byte
{
    /// <summary>Decide and record the would-be outcome, but permit (shadow mode, the safe first step).</summary>
    Monitor,
    /// <summary>Enforce the decision.</summary>
    Enforce,
}
