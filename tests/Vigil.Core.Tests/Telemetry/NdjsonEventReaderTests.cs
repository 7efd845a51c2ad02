using System.Text;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Telemetry;

public sealed class NdjsonEventReaderTests
{
    [Fact]
    public void ReadAll_MalformedLines_AreReportedWithNumbersAndTheRestIsKept()
    {
        string input = string.Join("\n",
            """{"@timestamp":"2026-03-02T08:00:00Z","user.id":"a","event.id":"1"}""",
            "",
            "not json",
            """{"@timestamp":"2026-03-02T08:00:01Z","event.id":"no-subject"}""",
            """{"@timestamp":"2026-03-02T08:00:02Z","user.id":"b","event.id":"2"}""") + "\r\n";
        using var reader = new NdjsonEventReader(new MemoryStream(Encoding.UTF8.GetBytes(input)));
        var lines = reader.ReadAll().ToList();

        Assert.Equal(["1", "2"], lines.Where(l => l.IsEvent).Select(l => l.Event.Id!));
        Assert.Equal([3L, 4L], lines.Where(l => !l.IsEvent).Select(l => l.LineNumber));
        Assert.Contains("missing subject", lines.Single(l => l.LineNumber == 4).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_LineLongerThanLimit_IsRefusedAndReadingGoesOn()
    {
        var huge = "{\"user.id\":\"" + new string('x', NdjsonEventReader.MaxLineBytes + 10) + "\"}";
        string input = huge + "\n" + """{"@timestamp":1,"user.id":"ok"}""" + "\n";
        using var reader = new NdjsonEventReader(new MemoryStream(Encoding.UTF8.GetBytes(input)));
        var lines = reader.ReadAll().ToList();

        Assert.Equal(2, lines.Count);
        Assert.Contains("longer than", lines[0].Error, StringComparison.Ordinal);
        Assert.Equal("ok", lines[1].Event.SubjectId);
        Assert.Equal(2, lines[1].LineNumber);
    }
}
