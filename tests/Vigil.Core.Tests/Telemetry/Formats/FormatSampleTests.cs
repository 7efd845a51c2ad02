using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Telemetry.Formats;

/// <summary>
/// The real rule-test events of each source (TestData/log-samples): each is detected as its source, read (with the
/// stand-in time when the hand-made sample has none), and carries provenance and a subject; the few not read are the
/// samples docs/connectors.md lists (no actor at all, or a time written as "redacted"), each refused with the field named.
/// </summary>
public sealed class FormatSampleTests
{
    private static readonly FormatReaderOptions StandIn = new() { MissingTimestampMs = 1_704_067_200_000 };

    [Theory]
    [InlineData("Okta.SystemLog", LogFormat.Okta, "okta.", 6)]
    [InlineData("Azure.Audit", LogFormat.Entra, "entra.", 0)]
    [InlineData("Auth0.Events", LogFormat.Auth0, "auth0.", 1)]
    [InlineData("AWS.CloudTrail", LogFormat.CloudTrail, "aws.", 8)]
    [InlineData("Duo.Authentication", LogFormat.Duo, "duo.", 0)]
    [InlineData("Duo.Administrator", LogFormat.Duo, "duo.", 0)]
    [InlineData("OneLogin.Events", LogFormat.OneLogin, "onelogin.", 2)]
    [InlineData("GSuite.ActivityEvent", LogFormat.GoogleWorkspace, "google_workspace.", 2)]
    public void Read_PantherSamples_DetectedReadAndAttributed(string logType, LogFormat format, string datasetPrefix, int knownUnread)
    {
        var samples = LogSamples.Of(logType).ToList();
        Assert.NotEmpty(samples);
        var reader = new FormatEventReader(options: StandIn);
        var lines = new List<EcsLine>();
        int unread = 0;
        foreach (byte[] sample in samples)
        {
            using (var document = System.Text.Json.JsonDocument.Parse(sample))
            {
                Assert.Equal(format, FormatDetector.Detect(document.RootElement));
            }

            lines.Clear();
            reader.Read(sample, 1, lines);
            foreach (var line in lines)
            {
                if (!line.IsEvent)
                {
                    unread++;
                    Assert.Matches("missing subject: none of|published|eventTime|is not a date-time", line.Error);
                    continue;
                }

                Assert.StartsWith(datasetPrefix, line.Event.Dataset, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(line.Event.SubjectId));
                Assert.True(line.Event.TimestampMs > 0);
            }
        }

        Assert.True(unread <= knownUnread, $"{logType}: {unread} of {samples.Count} not read, {knownUnread} known");
    }

    [Fact]
    public void Read_PantherSamplesTwice_SameEvents()
    {
        // Determinism: nothing depends on the host's clock, culture or time zone.
        var first = ReadAll();
        var second = ReadAll();
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Error, second[i].Error);
            Assert.Equal(first[i].Event.TimestampMs, second[i].Event.TimestampMs);
            Assert.Equal(first[i].Event.SubjectId, second[i].Event.SubjectId);
            Assert.Equal(first[i].Event.Kind, second[i].Event.Kind);
        }
    }

    private static List<EcsLine> ReadAll()
    {
        var reader = new FormatEventReader(options: StandIn);
        var lines = new List<EcsLine>();
        foreach (string type in new[] { "Okta.SystemLog", "Azure.Audit", "Auth0.Events", "AWS.CloudTrail", "Duo.Authentication", "OneLogin.Events", "GSuite.ActivityEvent" })
        {
            foreach (byte[] sample in LogSamples.Of(type))
            {
                reader.Read(sample, 1, lines);
            }
        }

        return lines;
    }
}
