using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>The `vigil` command tree.</summary>
internal static class VigilCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Vigil: an adaptive trust engine for zero-trust identity and access management.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(FormatsCommand.Create());
        return root;
    }
}
