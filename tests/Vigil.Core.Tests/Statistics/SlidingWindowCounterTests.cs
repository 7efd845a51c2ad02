using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class SlidingWindowCounterTests
{
    private const long Minute = 60_000;
    private const long T0 = 1_764_000_000_000; // a whole minute

    [Fact]
    public void Count_AfterTheWindow_ForgetsEvents()
    {
        var counter = new SlidingWindowCounter(10 * Minute, 10);
        counter.Add(T0, 5);

        Assert.Equal(5, counter.Count(T0));
        Assert.Equal(5, counter.Count(T0 + (9 * Minute)));
        Assert.Equal(0, counter.Count(T0 + (10 * Minute)));
        Assert.Equal(0, counter.Count(T0 + (60 * Minute)));
    }

    [Fact]
    public void Count_SteadyStream_CountsOnlyTheLastWindow()
    {
        var counter = new SlidingWindowCounter(10 * Minute, 10);
        for (int minute = 0; minute < 30; minute++)
        {
            counter.Add(T0 + (minute * Minute) + 30_000);
        }

        Assert.Equal(10, counter.Count(T0 + (29 * Minute) + 45_000));
        Assert.Equal(10, counter.WindowMs / Minute);
    }

    [Fact]
    public void Add_EventOlderThanTheWindow_IsDropped()
    {
        var counter = new SlidingWindowCounter(10 * Minute, 10);
        counter.Add(T0 + (10 * Minute));
        counter.Add(T0); // same slot, a whole window older

        Assert.Equal(1, counter.Count(T0 + (10 * Minute)));
    }

    [Fact]
    public void Add_LateEventInsideTheWindow_IsCounted()
    {
        var counter = new SlidingWindowCounter(10 * Minute, 10);
        counter.Add(T0 + (5 * Minute));
        counter.Add(T0 + (2 * Minute));

        Assert.Equal(2, counter.Count(T0 + (5 * Minute)));
    }

    [Fact]
    public void WriteTo_ReadFrom_AnswersIdentically()
    {
        var counter = new SlidingWindowCounter(5 * Minute, 5);
        for (int i = 0; i < 40; i++)
        {
            counter.Add(T0 + (i * 17_000L), i % 3);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            counter.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        SlidingWindowCounter copy = SlidingWindowCounter.ReadFrom(reader);

        for (long t = T0; t < T0 + (20 * Minute); t += 30_000)
        {
            Assert.Equal(counter.Count(t), copy.Count(t));
        }
    }
}
