using Vigil.Enrichment.UserAgents;

namespace Vigil.Enrichment.Tests.UserAgents;

public sealed class UserAgentGoldenTests
{
    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < UserAgentCase.All.Count; i++)
        {
            var c = UserAgentCase.All[i];
            data.Add(i, c.Note ?? c.UserAgent);
        }

        return data;
    }

    [Fact]
    public void GoldenFile_HasAtLeastSixtyRealStrings() => Assert.True(UserAgentCase.All.Count >= 60, $"only {UserAgentCase.All.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_GoldenUserAgent_MatchesExpected(int index, string description)
    {
        var expected = UserAgentCase.All[index];
        var parser = new UserAgentParser();

        var actual = parser.Parse(expected.UserAgent);

        var want = (expected.Browser, expected.Major, expected.Os, expected.OsVersion,
            Enum.Parse<DeviceType>(expected.Device), Enum.Parse<ScriptedClientKind>(expected.Scripted ?? nameof(ScriptedClientKind.None)));
        var got = (actual.Browser, actual.BrowserMajorVersion, actual.Os, actual.OsVersion, actual.Device, actual.ScriptedClient);
        Assert.True(want == got, $"{description}{Environment.NewLine}  UA:   {expected.UserAgent}{Environment.NewLine}  want: {want}{Environment.NewLine}  got:  {got}");
    }
}
