using Vigil.Core.Telemetry;

namespace Vigil.Core.Language;

/// <summary>What a free-text log line says happened, by similarity to labelled examples (<see cref="LogLineClassifier"/>).</summary>
/// <param name="Kind">The event kind; <see cref="EventKind.Other"/> when no example is close enough.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Similarity">Cosine similarity to the nearest example, -1..1.</param>
/// <param name="Example">The nearest labelled example.</param>
public readonly record struct LineClass(EventKind Kind, EventOutcome Outcome, double Similarity, string Example);
