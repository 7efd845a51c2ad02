using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;

namespace Vigil.Server.SharedSignals;

/// <summary>A session Vigil decided recently: its latest request as decided, when, and the latest outcome known for it (decided or re-decided).</summary>
internal sealed record RecentSession(string Session, TelemetryEvent Request, long DecidedMs, DecisionOutcome Outcome);
