using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>Told by the engine writer about each event it learned: its journal sequence and source, the enriched event and its assessment.</summary>
internal delegate void ScoredHandler(long sequence, JournalSource source, in TelemetryEvent enriched, in RiskAssessment assessment);
