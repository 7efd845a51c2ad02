using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Hosting;

public sealed class BackgroundPriorityTests
{
    [Fact]
    public void A_background_thread_runs_at_nice_5_and_other_threads_keep_their_priority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the setting exists on Linux only; elsewhere LowerCurrentThread changes nothing
        }

        int lowered = -1, untouched = -1;
        var background = new Thread(() =>
        {
            BackgroundPriority.LowerCurrentThread();
            lowered = CurrentThreadNice();
        });
        var other = new Thread(() => untouched = CurrentThreadNice());
        background.Start();
        background.Join();
        other.Start();
        other.Join();

        Assert.Equal(5, lowered);
        Assert.Equal(CurrentThreadNice(), untouched); // per thread, not the whole process
    }

    /// <summary>Field 19 of /proc/thread-self/stat (after the parenthesised command name): the thread's nice value.</summary>
    private static int CurrentThreadNice()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture); // field 19 is the 17th after the name
    }
}
