using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Pipeline;

/// <summary>An event with its assessment (scored before it was learned) and the decision on it.</summary>
public readonly record struct ScoredEvent(long LineNumber, TelemetryEvent Event, RiskAssessment Assessment, Decision Decision);

/// <summary>Receives each scored event; by reference because the value is large.</summary>
public delegate void ScoredEventHandler(in ScoredEvent scored);
