namespace Vigil.Cli.Tests;

/// <summary>Tests that redirect Console.Out/Error run one at a time: the console is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
