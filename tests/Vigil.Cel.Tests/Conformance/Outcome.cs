namespace Vigil.Cel.Tests.Conformance;

public enum OutcomeKind
{
    Passed,
    Failed,
    Skipped,
}

public sealed record Outcome(OutcomeKind Kind, string Detail = "")
{
    public static readonly Outcome Pass = new(OutcomeKind.Passed);

    public static Outcome Fail(string detail) => new(OutcomeKind.Failed, detail);

    public static Outcome Skip(string reason) => new(OutcomeKind.Skipped, reason);
}
