using System.Runtime.CompilerServices;
using System.Text;
using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Server.Policies;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// The decision policy in force and the stored version it was built from. A version is a rules document plus an
/// optional data document; both are compiled into one policy object before anything is swapped, and the swap is one
/// reference write, so an evaluation sees the old version or the new one whole, never new rules with old data.
/// </summary>
internal sealed class PolicyHolder(ServerOptions options, VigilStore store)
{
    /// <summary>The file name in a rules document's diagnostics (<c>policy:8:20: ...</c>).</summary>
    public const string PolicyFile = "policy";

    /// <summary>The file name in a data document's diagnostics (<c>data:3:5: ...</c>), so an error names the document it is in.</summary>
    public const string DataFile = "data";

    // The compiled policy behind each policy put in force (a --mode ModeOverride hides it), keyed by the object that
    // decides, so a reader of Current gets the data and rules of exactly the version that decides (search candidates).
    private static readonly ConditionalWeakTable<IDecisionPolicy, CompiledPolicy> s_compiled = new();

    private readonly Lock _changeGate = new();
    private volatile PolicyState _state = new(Default(options), 0);
    private int _dataFileRead;

    /// <summary>The policy in force with its stored version, read together (reading <see cref="Policy"/> and <see cref="Version"/> one after the other can straddle a swap).</summary>
    public PolicyState Current => _state;

    public IDecisionPolicy Policy => _state.Policy;

    public long Version => _state.Version;

    /// <summary>The compiled policy (rules and data) that <paramref name="policy"/> decides with; null for a custom <see cref="ServerOptions.PolicyFactory"/>'s policy.</summary>
    public static CompiledPolicy? CompiledOf(IDecisionPolicy policy) =>
        policy as CompiledPolicy ?? (s_compiled.TryGetValue(policy, out var compiled) ? compiled : null);

    /// <summary>False when a custom <see cref="ServerOptions.PolicyFactory"/> builds the policy: it receives only the rules text, so data could not take effect.</summary>
    public bool AcceptsData => options.PolicyFactory is null;

    /// <summary>
    /// Serialises policy changes (read the current version, build the next, store it, swap it in): without it, a rules
    /// change and a data change made at once would each start from the same version and one would silently undo the
    /// other, and activations could land out of version order. Evaluations never take it.
    /// </summary>
    public Lock.Scope EnterChange() => _changeGate.EnterScope();

    /// <summary>Every problem with a rules document and optional data document (file:line:column and a fix); empty when they may be stored.</summary>
    public IReadOnlyList<string> Validate(string document, string? data = null)
    {
        var problems = new List<string>();
        var extra = ParseData(data, problems);
        if (problems.Count > 0)
        {
            return problems;
        }

        if (options.PolicyValidator is { } validate)
        {
            return validate(document);
        }

        PolicyCompiler.CompileText(document, PolicyFile, out var diagnostics, extra);
        return [.. diagnostics.Select(d => d.ToString())];
    }

    /// <summary>Problems in a data document on its own (its shape and attribute values), for when no stored rules exist to compile it with.</summary>
    public static IReadOnlyList<string> ValidateData(string data)
    {
        var problems = new List<string>();
        ParseData(data, problems);
        return problems;
    }

    /// <summary>Builds the policy a rules and data pair would put in force (compiled once); null with every problem when it must not be stored.</summary>
    public IDecisionPolicy? Prepare(string document, string? data, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        var extra = ParseData(data, problems);
        if (problems.Count > 0)
        {
            return null;
        }

        if (options.PolicyValidator is { } validate && validate(document) is { Count: > 0 } invalid)
        {
            errors = invalid;
            return null;
        }

        if (options.PolicyFactory is { } factory)
        {
            if (data is not null)
            {
                problems.Add("policy data cannot be used: this server builds its policy with a custom PolicyFactory, which receives only the rules document.");
                return null;
            }

            return WithMode(factory(document));
        }

        var compiled = PolicyCompiler.CompileText(document, PolicyFile, out var diagnostics, extra);
        problems.AddRange(diagnostics.Select(d => d.ToString()));
        return compiled is null ? null : WithMode(compiled);
    }

    /// <summary>
    /// Puts a stored version in force (null: the shipped default). Stored versions were validated before they were
    /// stored, so this compiles; if it still fails (a version written by an older release), it fails loudly at
    /// start-up rather than deciding without a policy. The first call (the start-up activation) first applies the
    /// <c>--data</c> file, which may store and activate a newer version than <paramref name="version"/>.
    /// </summary>
    public void Activate(PolicyVersion? version)
    {
        if (options.DataPath is { } path && Interlocked.Exchange(ref _dataFileRead, 1) == 0 && ActivateDataFile(path, version))
        {
            return;
        }

        if (version is null)
        {
            _state = new PolicyState(Default(options), 0);
            return;
        }

        var policy = Prepare(version.Document, version.Data, out var errors)
            ?? throw new InvalidOperationException($"The stored policy version {version.Version} does not compile: " + string.Join("; ", errors));
        _state = new PolicyState(policy, version.Version);
    }

    /// <summary>Puts <paramref name="version"/> in force with the policy <see cref="Prepare"/> built from it (under <see cref="EnterChange"/>).</summary>
    public void Activate(PolicyVersion version, IDecisionPolicy policy) => _state = new PolicyState(policy, version.Version);

    /// <summary>
    /// The <c>--data</c> file, read at the start-up activation (once: a later activation must not undo data replaced
    /// through the API): when it differs from the data of <paramref name="current"/>, it is compiled with those rules,
    /// stored with them as a new version and put in force (true). A file that does not compile stops the start with
    /// every problem, as a bad <c>--policy</c> does. False when the file is the data in force already.
    /// </summary>
    private bool ActivateDataFile(string path, PolicyVersion? current)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        if (current is null)
        {
            // As PUT /v1/policy/data answers 409: data is versioned with the rules that read it, and the shipped default is not stored.
            throw StartupError($"--data '{path}' cannot be used yet: no policy document is stored (the shipped default policy is in force), and data is versioned with the rules that read it. Give --policy FILE as well.");
        }

        if (current.Data == text)
        {
            return false;
        }

        using (EnterChange())
        {
            var policy = Prepare(current.Document, text, out var errors)
                ?? throw StartupError($"--data '{path}' is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
            var saved = store.SavePolicyVersion(current.Document, text, "--data", Path.GetFileName(path));
            Activate(saved, policy);
            return true;
        }
    }

    private static InvalidSettingException StartupError(string message) => new(message);

    private static PolicyData? ParseData(string? data, List<string> problems)
    {
        if (data is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(data))
        {
            // The parser's own message for an empty file speaks of rules documents ('version:', 'segments:').
            problems.Add(new PolicyDiagnostic(DataFile, 1, 1, "the data document is empty.", "send '{}' for no data, or 'subjects:' and 'resources:' mappings (docs/policies.md).").ToString());
            return null;
        }

        var parsed = PolicyDataParser.Parse(data, DataFile, out var diagnostics);
        problems.AddRange(diagnostics.Select(d => d.ToString()));
        return parsed;
    }

    private IDecisionPolicy WithMode(IDecisionPolicy policy) => WithMode(policy, options.Mode);

    private static IDecisionPolicy Default(ServerOptions options) => WithMode(options.PolicyFactory?.Invoke(null) ?? PolicyCompiler.Default(), options.Mode);

    private static IDecisionPolicy WithMode(IDecisionPolicy policy, RolloutMode? mode)
    {
        if (mode is null)
        {
            return policy;
        }

        var wrapped = new ModeOverride(policy, mode.Value);
        if (policy is CompiledPolicy compiled)
        {
            s_compiled.Add(wrapped, compiled);
        }

        return wrapped;
    }
}
