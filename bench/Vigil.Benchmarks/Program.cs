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

    var clock = System.Diagnostics.Stopwatch.StartNew();
    long scoreSum = 0;
    for (int i = split; i < history.Count; i++)
    {
        scoreSum += engine.Observe(history[i]).Score;
    }

    Console.WriteLine($"{history.Count - split:N0} events, {(history.Count - split) / clock.Elapsed.TotalSeconds:N0} events/s, score sum {scoreSum}");
    return;
}

if (args.Length > 0 && args[0] == "probes")
{
    Probes.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
