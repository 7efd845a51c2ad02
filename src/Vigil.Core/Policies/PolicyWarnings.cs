namespace Vigil.Core.Policies;

/// <summary>
/// What is valid but probably not meant. Action names are compared exactly as written (AuthZEN 1.0 gives them as
/// case-sensitive strings), so a policy that grants <c>GET</c> in one rule and <c>get</c> in another grants two
/// different actions; usually only one of them is what enforcement points send, and the other rule never applies.
/// </summary>
public static class PolicyWarnings
{
    /// <summary>Every warning about <paramref name="document"/>, in document order; empty when there is none.</summary>
    public static IReadOnlyList<PolicyDiagnostic> Find(PolicyDocument document, string file)
    {
        ArgumentNullException.ThrowIfNull(document);
        var warnings = new List<PolicyDiagnostic>();

        // The first spelling met of each case-insensitive name, and where it was met.
        var first = new Dictionary<string, (string Spelling, string Where)>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in document.Segments)
        {
            foreach (var rule in segment.Rules)
            {
                Check(rule.Actions, $"rule '{rule.Name}' in segment '{segment.Name}'", rule.Position);
            }

            if (segment.Bands is { } bands)
            {
                Check(bands.LimitActions, $"limit_actions of segment '{segment.Name}'", segment.Position);
            }
        }

        return warnings;

        void Check(IReadOnlyList<string> actions, string where, SourcePosition position)
        {
            foreach (string action in actions)
            {
                if (action == "*")
                {
                    continue;
                }

                if (!first.TryGetValue(action, out var seen))
                {
                    first[action] = (action, where);
                }
                else if (!string.Equals(seen.Spelling, action, StringComparison.Ordinal))
                {
                    warnings.Add(new PolicyDiagnostic(file, position.Line, position.Column,
                        $"warning: action '{action}' of {where} differs only by case from '{seen.Spelling}' of {seen.Where}; actions are compared exactly as written, so a request for one never matches the other.",
                        "spell each action the way enforcement points send it (AuthZEN action names are case-sensitive), the same in every rule."));
                }
            }
        }
    }
}
