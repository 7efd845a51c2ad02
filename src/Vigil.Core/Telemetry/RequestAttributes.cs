using Vigil.Cel;

namespace Vigil.Core.Telemetry;

/// <summary>
/// What a decision request says beyond telemetry: the AuthZEN subject, resource and action properties and the request
/// context, already as CEL values for policy conditions. Request values fill what policy data lacks.
/// </summary>
public sealed record RequestAttributes
{
    /// <summary><c>subject.properties</c>.</summary>
    public IReadOnlyDictionary<string, CelValue>? SubjectProperties { get; init; }

    /// <summary><c>resource.properties</c>.</summary>
    public IReadOnlyDictionary<string, CelValue>? ResourceProperties { get; init; }

    /// <summary><c>action.properties</c>.</summary>
    public IReadOnlyDictionary<string, CelValue>? ActionProperties { get; init; }

    /// <summary>The request <c>context</c> as a CEL map.</summary>
    public CelValue Context { get; init; }
}
