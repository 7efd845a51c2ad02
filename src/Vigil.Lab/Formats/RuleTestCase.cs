namespace Vigil.Lab.Formats;

/// <summary>One labelled detection-rule test: the raw vendor event and whether the rule should fire on it.</summary>
public sealed record RuleTestCase(long Line, string RuleId, string TestName, IReadOnlyList<string> LogTypes, bool Expected, byte[]? Log);
