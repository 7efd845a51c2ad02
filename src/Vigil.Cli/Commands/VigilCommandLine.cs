using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>The `vigil` command tree.</summary>
internal static class VigilCommandLine
{
    /// <summary>
    /// How <c>vigil</c> is invoked. System.CommandLine turns SIGTERM and Ctrl+C into cancellation and, by default,
    /// ends the process 2 s later: too soon for <c>vigil serve</c> to write its shutdown checkpoint, so every restart
    /// replayed the journal since the last periodic one (issue 11, defect 11). The serve command bounds its own stop by
    /// <c>--shutdown-timeout-seconds</c> (at most an hour); the other commands stop as soon as they are cancelled.
    /// </summary>
    public static InvocationConfiguration Invocation() => new() { ProcessTerminationTimeout = MaxShutdown };

    /// <summary>The longest stop <c>--shutdown-timeout-seconds</c> allows, and a minute for the process to exit after it.</summary>
    public static readonly TimeSpan MaxShutdown = TimeSpan.FromSeconds(3_600 + 60);

    public static RootCommand Build()
    {
        var root = new RootCommand("Vigil: an adaptive trust engine for zero-trust identity and access management.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(FormatsCommand.Create());
        root.Subcommands.Add(ConnectCommand.Create());
        return root;
    }
}
