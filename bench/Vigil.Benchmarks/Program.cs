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

    var clock = System.Diagnostics.Stopwatch.StartNew();
    for (int i = split; i < history.Count; i++)
    {
        engine.Observe(history[i]);
    }

    Console.WriteLine($"{(history.Count - split) / clock.Elapsed.TotalSeconds:N0} events/s");
    return;
}

if (args.Length > 0 && args[0] == "probes")
{
    Probes.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
