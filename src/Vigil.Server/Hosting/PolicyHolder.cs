using Vigil.Core.Decisions;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>The decision policy in force and the stored document version it was built from; swapped atomically on replace or rollback.</summary>
internal sealed class PolicyHolder(ServerOptions options)
{
    private volatile State _state = new(Build(options, null), 0);

    public IDecisionPolicy Policy => _state.Policy;

    public long Version => _state.Version;

    public IReadOnlyList<string> Validate(string document) =>
        options.PolicyValidator?.Invoke(document) ?? (string.IsNullOrWhiteSpace(document) ? ["the document is empty"] : []);

    public void Activate(PolicyVersion? version) =>
        _state = new State(Build(options, version?.Document), version?.Version ?? 0);

    private static IDecisionPolicy Build(ServerOptions options, string? document) =>
        options.PolicyFactory?.Invoke(document) ?? new ThresholdPolicy { Mode = options.Mode };

    private sealed record State(IDecisionPolicy Policy, long Version);
}
