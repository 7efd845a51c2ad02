using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>The decision policy in force and the stored document version it was built from; swapped atomically on replace or rollback.</summary>
internal sealed class PolicyHolder(ServerOptions options)
{
    private volatile State _state = new(Build(options, null), 0);

    public IDecisionPolicy Policy => _state.Policy;

    public long Version => _state.Version;

    /// <summary>Every problem with a document (file:line:column and a fix); empty when it may be stored and activated.</summary>
    public IReadOnlyList<string> Validate(string document)
    {
        if (options.PolicyValidator is { } validate)
        {
            return validate(document);
        }

        PolicyCompiler.CompileText(document, "policy", out var diagnostics);
        return [.. diagnostics.Select(d => d.ToString())];
    }

    public void Activate(PolicyVersion? version) =>
        _state = new State(Build(options, version?.Document), version?.Version ?? 0);

    private static IDecisionPolicy Build(ServerOptions options, string? document)
    {
        var policy = options.PolicyFactory?.Invoke(document) ?? Compile(document);
        return options.Mode is { } mode ? new ModeOverride(policy, mode) : policy;
    }

    /// <summary>
    /// Stored documents were validated before they were stored, so this compiles; if it still fails (a document
    /// written by an older version), it fails loudly at start-up rather than deciding without a policy.
    /// </summary>
    private static CompiledPolicy Compile(string? document) =>
        document is null ? PolicyCompiler.Default()
        : PolicyCompiler.CompileText(document, "stored policy", out var diagnostics)
          ?? throw new InvalidOperationException("The stored policy does not compile: " + string.Join("; ", diagnostics));

    private sealed record State(IDecisionPolicy Policy, long Version);
}
