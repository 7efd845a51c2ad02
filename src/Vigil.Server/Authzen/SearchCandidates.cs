using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Server.Hosting;

namespace Vigil.Server.Authzen;

/// <summary>
/// What a search examines, drawn from the policy in force, each list sorted by ordinal id so a page position is stable
/// within a version: subjects are the data's subjects of the type asked plus those written without a type (a candidate
/// for every type asked, decided as that type); resources are the data's resources declared with the type asked (a
/// resource without <c>type:</c> is not listed: nothing says which searches it belongs to); actions are the names the
/// rules grant (permit rules of every segment; <c>*</c> grants actions nobody named, which cannot be listed).
/// Identities only ever observed in telemetry are not candidates: the policy data is the directory of who and what
/// exists, and the journal and decision log hold whatever callers sent.
/// </summary>
internal sealed class SearchCandidates
{
    // Built once per compiled policy (a version), not per request: sorting a large directory on every page would cost
    // more than deciding the page. Weak keys: a replaced version's lists go with it.
    private static readonly ConditionalWeakTable<CompiledPolicy, SearchCandidates> s_byPolicy = new();
    private static readonly SearchCandidates None = new([], FrozenDictionary<string, string[]>.Empty, FrozenDictionary<string, string[]>.Empty, []);

    private readonly string[] _untypedSubjects;
    private readonly FrozenDictionary<string, string[]> _subjectsByType;
    private readonly FrozenDictionary<string, string[]> _resourcesByType;
    private readonly string[] _actions;

    private SearchCandidates(string[] untypedSubjects, FrozenDictionary<string, string[]> subjectsByType, FrozenDictionary<string, string[]> resourcesByType, string[] actions)
    {
        _untypedSubjects = untypedSubjects;
        _subjectsByType = subjectsByType;
        _resourcesByType = resourcesByType;
        _actions = actions;
    }

    /// <summary>The candidates of the policy that decides (none for a custom PolicyFactory's policy, which has no data the service can read).</summary>
    public static SearchCandidates Of(IDecisionPolicy policy) =>
        PolicyHolder.CompiledOf(policy) is { } compiled ? s_byPolicy.GetValue(compiled, Build) : None;

    /// <summary>The sorted candidates of a search; <paramref name="type"/> is the subject or resource type asked for.</summary>
    public IReadOnlyList<string> For(SearchKind kind, string? type) => kind switch
    {
        SearchKind.Subject => type is not null && _subjectsByType.TryGetValue(type, out var ids) ? ids : _untypedSubjects,
        SearchKind.Resource => type is not null && _resourcesByType.TryGetValue(type, out var ids) ? ids : [],
        _ => _actions,
    };

    private static SearchCandidates Build(CompiledPolicy policy)
    {
        var data = policy.Data;
        static FrozenDictionary<string, string[]> ByType(IEnumerable<EntityKey> keys, string[] alsoInEvery) => keys
            .Where(k => k.Id.Length > 0 && k.Type.Length > 0)
            .GroupBy(k => k.Type, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(k => k.Id).Concat(alsoInEvery).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

        // A subject written without a type is a candidate for every type asked (as before subjects had types); a typed
        // one only for its own type, so (user, 7) and (group, 7) are listed apart.
        string[] untypedSubjects = [.. data.Subjects.Keys.Where(k => k.Id.Length > 0 && k.Type.Length == 0).Select(k => k.Id).Order(StringComparer.Ordinal)];
        var subjects = ByType(data.Subjects.Keys, untypedSubjects);
        var resources = ByType(data.Resources.Keys, []);
        string[] actions = [.. policy.Document.Segments
            .SelectMany(s => s.Rules)
            .Where(r => r.Effect == RuleEffect.Permit) // a deny rule never makes an action permitted
            .SelectMany(r => r.Actions)
            .Where(a => a.Length > 0 && a != "*")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
        return new SearchCandidates(untypedSubjects, subjects, resources, actions);
    }
}
