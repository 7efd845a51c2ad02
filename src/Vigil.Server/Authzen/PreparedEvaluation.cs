using Vigil.Core.Telemetry;

namespace Vigil.Server.Authzen;

/// <summary>
/// An evaluation that mapped: the engine's event and, for an observed request, the ECS bytes to journal. Preparing
/// every item of a batch before deciding any makes a malformed item refuse the batch with nothing decided, learned
/// or audited (issue 11, defect 7).
/// </summary>
internal readonly record struct PreparedEvaluation(AuthzenEvaluation Evaluation, TelemetryEvent Request, byte[]? Journaled);
