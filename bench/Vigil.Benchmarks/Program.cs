using BenchmarkDotNet.Running;
using Vigil.Benchmarks.Engine;

if (args.Length > 0 && args[0] == "observe-loop")
{
    // For profilers: a month of history, then the next month observed in a loop (steady state only).
    var history = SyntheticActivity.Generate(2_000, 60);
    var engine = new Vigil.Core.Engine.VigilEngine();
    int split = history.Count / 2;
    for (int i = 0; i < split; i++)
    {
        engine.Observe(history[i]);
    }

    // "observe-loop setup-only" stops here: subtracting its instruction count (callgrind) from a full run's gives
    // the cost of the steady-state events alone.
    if (args.Length > 1 && args[1] == "setup-only")
    {
        Console.WriteLine($"{split:N0} setup events, {history.Count - split:N0} steady-state events skipped");
        return;
    }

    // Processor time as well as wall time: on a shared machine the loop is descheduled now and then, which inflates
    // wall time but not the thread's own CPU time.
    var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    long allocated = GC.GetAllocatedBytesForCurrentThread();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    long scoreSum = 0;
    for (int i = split; i < history.Count; i++)
    {
        scoreSum += engine.Observe(history[i]).Score;
    }

    double cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"{history.Count - split:N0} events, {(history.Count - split) / clock.Elapsed.TotalSeconds:N0} events/s, "
        + $"{cpuSeconds * 1e6 / (history.Count - split):N2} us CPU per event, "
        + $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(history.Count - split):N1} B allocated per event, score sum {scoreSum}");

    // "observe-loop passes N": N more passes over the same month, as BenchmarkDotNet's Observe benchmark wraps its
    // stream (the events are then late for the state). Each pass is timed in chunks of 10,000 events: on a shared
    // machine the fastest chunks estimate the engine's own cost better than the mean, which other load inflates.
    if (args.Length > 2 && args[1] == "passes")
    {
        const int Chunk = 10_000;
        var chunks = new List<double>();
        for (int pass = 0; pass < int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture); pass++)
        {
            for (int start = split; start + Chunk <= history.Count; start += Chunk)
            {
                long begin = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = start; i < start + Chunk; i++)
                {
                    scoreSum += engine.Observe(history[i]).Score;
                }

                chunks.Add(System.Diagnostics.Stopwatch.GetElapsedTime(begin).TotalMicroseconds / Chunk);
            }
        }

        chunks.Sort();
        Console.WriteLine($"wrapped passes: {chunks.Count} chunks of {Chunk:N0}, us per event: min {chunks[0]:N3}, "
            + $"10th percentile {chunks[chunks.Count / 10]:N3}, median {chunks[chunks.Count / 2]:N3}, score sum {scoreSum}");
    }

    return;
}

if (args.Length > 0 && args[0] == "graph-probe")
{
    Vigil.Benchmarks.Graph.GraphProbe.Run(Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "access-graph-probe")
{
    Vigil.Benchmarks.Graph.AccessGraphProbe.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return;
}

if (args.Length > 0 && args[0] == "supervised-probe")
{
    Vigil.Benchmarks.Supervised.SupervisedProbe.Run(Console.Out);
    return;
}

if (args.Length > 0 && args[0] == "probes")
{
    Probes.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
