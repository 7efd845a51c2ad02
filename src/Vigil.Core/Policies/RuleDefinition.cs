namespace Vigil.Core.Policies;

/// <summary>Grants (or explicitly denies) actions to subjects, when the CEL condition holds.</summary>
public sealed record RuleDefinition
{
    /// <summary>Unique within the segment; carried on decisions.</summary>
    public required string Name { get; init; }

    /// <summary>Permit grants; deny overrides any permit.</summary>
    public RuleEffect Effect { get; init; } = RuleEffect.Permit;

    /// <summary>Actions the rule covers; <c>*</c> for all.</summary>
    public required IReadOnlyList<string> Actions { get; init; }

    /// <summary>Who the rule is for; empty fields match everyone.</summary>
    public SubjectMatch Subjects { get; init; } = SubjectMatch.Anyone;

    /// <summary>A CEL condition over subject, resource, action, context, risk, device and request; none means always.</summary>
    public string? Condition { get; init; }

    /// <summary>Where the rule starts in its file.</summary>
    public SourcePosition Position { get; init; }

    /// <summary>Where the condition text starts in its file (to place CEL errors).</summary>
    public SourcePosition ConditionPosition { get; init; }
}

/// <summary>What a rule does when it applies.</summary>
public enum RuleEffect : byte
{
    /// <summary>Grant the actions.</summary>
    Permit,
    /// <summary>Refuse them, whatever other rules grant.</summary>
    Deny,
}

/// <summary>Who a rule applies to: a subject must satisfy every non-empty list (any value within a list).</summary>
public sealed record SubjectMatch
{
    /// <summary>Subject ids.</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>Roles, any of which suffices.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Groups, any of which suffices.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Departments.</summary>
    public IReadOnlyList<string> Departments { get; init; } = [];

    /// <summary>Identity kinds: human, workload, agent.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Everyone.</summary>
    public static SubjectMatch Anyone { get; } = new();
}
