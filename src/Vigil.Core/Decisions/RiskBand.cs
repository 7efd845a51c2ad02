namespace Vigil.Core.Decisions;

/// <summary>Risk thresholds for one resource sensitivity: at or above <see cref="StepUpAt"/> step up, at or above <see cref="DenyAt"/> deny.</summary>
public sealed record RiskBand(int StepUpAt, int DenyAt, string AcrValues, int MaxAgeSeconds);
