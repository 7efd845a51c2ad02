using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Telemetry;

/// <summary>
/// Issue 11, "What must be shown": the telemetry readers under arbitrary bytes and arbitrary JSON lines. Nothing throws
/// out of them; every rejection says where (the field's path, a required field, the byte position or the line); good
/// lines beside bad ones are kept; a reused reader answers as a fresh one would. Bounded counts from a fixed seed
/// (<see cref="PropertyRun"/>): about a second in all.
/// </summary>
public sealed class TelemetryReaderPropertyTests
{
    /// <summary>
    /// Where an error may say it is: a path before a colon ("user.id: ...", "$: ..."; the names in a path are shown as
    /// sent, so they may hold anything, spaces and colons included; an empty name is shown as [""]), a required field,
    /// a byte position, or the line itself.
    /// </summary>
    private static readonly Regex Where = new(@"^.+?: |@timestamp|user\.id|source\.ip|\bline\b|byte \d+", RegexOptions.CultureInvariant);

    [Fact]
    public void TryRead_ArbitraryBytes_NeverThrowsAndSaysWhere()
    {
        var bytes = Gen.OneOf(
            Gen.Byte.Array[0, 200],
            HostileJson.Line.Select(Encoding.UTF8.GetBytes).Select(Gen.Int[0, 60], Gen.Byte.Array[1, 3], static (line, at, junk) =>
                line.Length == 0 ? junk : [.. line.AsSpan(0, Math.Min(at, line.Length)), .. junk, .. line.AsSpan(Math.Min(at, line.Length))]));
        var reader = new EcsEventReader();
        PropertyRun.ForEach(bytes, 3000, b => AssertReadOrSaysWhere(reader, b), Show);
    }

    [Fact]
    public void TryRead_ArbitraryJsonLines_NeverThrowsAndSaysWhere()
    {
        var reader = new EcsEventReader();
        PropertyRun.ForEach(HostileJson.Line, 3000, line => AssertReadOrSaysWhere(reader, Encoding.UTF8.GetBytes(line)), line => line);
    }

    [Fact]
    public void TryRead_ReusedAfterAnyLine_AnswersAsAFreshReader()
    {
        // The reader reuses its buffers between lines: what one hostile line leaves behind must not leak into the next.
        var reused = new EcsEventReader();
        var pairs = Gen.Select(HostileJson.Line, Gen.OneOf(HostileJson.Line, Gen.Int[0, 1000].Select(HostileJson.Good)));
        PropertyRun.ForEach(pairs, 1500, p =>
        {
            reused.TryRead(Encoding.UTF8.GetBytes(p.Item1), out _, out _);
            Assert.Equal(Summary(new EcsEventReader(), p.Item2), Summary(reused, p.Item2));
        }, p => p.Item1 + " then " + p.Item2);
    }

    [Fact]
    public void ReadAll_GoodLinesAmongHostileOnes_AreAllKeptAndEveryErrorSaysWhere()
    {
        var bodies = Gen.Select(
            Gen.OneOf(HostileJson.Line.Select(Encoding.UTF8.GetBytes), Gen.Byte.Array[0, 80], Gen.Const("\r"u8.ToArray()), Gen.Const(Array.Empty<byte>())).Array[0, 12],
            Gen.Int[0, 12].Array[1, 4],
            static (hostile, goodAt) => (Hostile: hostile, GoodAt: goodAt));
        PropertyRun.ForEach(bodies, 800, c =>
        {
            // Hostile lines may hold raw newlines (arbitrary bytes), so good lines are found by their ids, not numbers.
            var lines = c.Hostile.ToList();
            var goodIds = new List<string>();
            foreach (int at in c.GoodAt)
            {
                string good = HostileJson.Good(goodIds.Count);
                goodIds.Add("good-" + (goodIds.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
                lines.Insert(Math.Min(at, lines.Count), Encoding.UTF8.GetBytes(good));
            }

            byte[] body = [.. lines.SelectMany(l => l.Append((byte)'\n'))];
            using var reader = new NdjsonEventReader(new MemoryStream(body));
            var read = reader.ReadAll().ToList();

            foreach (string id in goodIds)
            {
                Assert.Contains(read, l => l.IsEvent && l.Event.Id == id);
            }

            Assert.True(read.Select(l => l.LineNumber).SequenceEqual(read.Select(l => l.LineNumber).Order().Distinct()), "line numbers must increase");
            Assert.All(read.Where(l => !l.IsEvent), l => Assert.Matches(Where, l.Error!));
        }, c => $"{c.Hostile.Length} hostile lines, good at {string.Join(",", c.GoodAt)}: {string.Join(" | ", c.Hostile.Select(Show))}");
    }

    private static void AssertReadOrSaysWhere(EcsEventReader reader, byte[] line)
    {
        if (reader.TryRead(line, out var e, out string? error))
        {
            Assert.Null(error);
            Assert.False(string.IsNullOrWhiteSpace(e.SubjectId));
        }
        else
        {
            Assert.NotNull(error);
            Assert.Matches(Where, error);
        }
    }

    private static string Summary(EcsEventReader reader, string line) =>
        reader.TryRead(Encoding.UTF8.GetBytes(line), out var e, out string? error)
            ? $"{e.Id}|{e.TimestampMs}|{e.SubjectId}|{e.Kind}|{e.Action}|{e.Outcome}|{e.SourceIp}|{e.Tenant}|{e.MfaResult}|{e.DeviceId}|{string.Join(",", e.Roles ?? [])}"
            : "error: " + error;

    private static string Show(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 200)));
}
