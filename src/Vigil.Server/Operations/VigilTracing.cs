using System.Diagnostics;

namespace Vigil.Server.Operations;

/// <summary>
/// The service's spans (ActivitySource "Vigil.Server"), exported with <c>--otlp-endpoint</c>. Tags carry outcomes,
/// scores and ids the service generated; never subjects, addresses or tokens. Creating a span costs nothing when
/// nobody listens.
/// </summary>
internal static class VigilTracing
{
    public const string SourceName = "Vigil.Server";

    public static readonly ActivitySource Source = new(SourceName);
}
