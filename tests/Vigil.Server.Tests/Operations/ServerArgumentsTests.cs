using System.Text.RegularExpressions;

namespace Vigil.Server.Tests.Operations;

/// <summary>
/// The service's settings come from one table (issue 12): parsing, the unknown-setting message, <c>vigil serve
/// --help</c> and docs/server.md name the same settings.
/// </summary>
public sealed partial class ServerArgumentsTests
{
    [GeneratedRegex(@"^\s+(--[a-z0-9-]+)", RegexOptions.Multiline)]
    private static partial Regex HelpLine();

    private static string[] Described() => [.. HelpLine().Matches(ServerArguments.Describe()).Select(m => m.Groups[1].Value)];

    [Fact]
    public void Parse_UnknownSetting_NamesItAndListsEveryDescribedSetting()
    {
        ServerArguments.Parse(["--data-dir", "d", "--bogus"], out var errors);
        string error = Assert.Single(errors);
        Assert.StartsWith("Unknown setting '--bogus'. Known: ", error, StringComparison.Ordinal);
        Assert.Equal(Described(), error["Unknown setting '--bogus'. Known: ".Length..].TrimEnd('.').Split(", "));
    }

    [Fact]
    public void Describe_EverySettingIsDocumentedInServerMd()
    {
        string docs = File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot(), "docs", "server.md"));
        var missing = Described().Where(name => !docs.Contains("`" + name, StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, "not in docs/server.md: " + string.Join(", ", missing));
        Assert.True(Described().Length >= 30);
    }

    [Theory]
    [InlineData("--checkpoint-every", "--checkpoint-every 'x' is not a whole number.")]
    [InlineData("--mode", "--mode 'x' is not monitor or enforce.")]
    [InlineData("--audit", "--audit 'x' is not staged or fsynced.")]
    public void Parse_MalformedValue_NamesTheSetting(string name, string expected)
    {
        ServerArguments.Parse([name, "x"], out var errors);
        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void Parse_ValueMissingOrInline_BothRead()
    {
        var options = ServerArguments.Parse(["--checkpoint-every=7", "--mode", "enforce", "--no-auth", "--urls"], out var errors);
        Assert.Equal(7, options.CheckpointEveryEntries);
        Assert.Equal(Vigil.Core.Decisions.RolloutMode.Enforce, options.Mode);
        Assert.True(options.DisableAuthentication);
        Assert.Equal("--urls needs a value.", Assert.Single(errors));
    }
}
