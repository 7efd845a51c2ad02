using Vigil.Core.Decisions;

namespace Vigil.Server.SharedSignals;

/// <summary>A session re-decided after its identity's risk changed, whose outcome became stricter: what it became, the CAEP event sent, why, when.</summary>
internal sealed record SessionReevaluation(string Session, DecisionOutcome Was, DecisionOutcome Now, string EventType, string Cause, long TimeMs);
