using BenchmarkDotNet.Running;
using Vigil.Benchmarks.Engine;

if (args.Length > 0 && args[0] == "probes")
{
    Probes.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
