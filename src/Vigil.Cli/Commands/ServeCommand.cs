using System.CommandLine;
using Vigil.Server;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil serve</c>: the decision service (AuthZEN PDP, ingestion, feedback, admin) on one SQLite file. Its options
/// are the server's own (docs/server.md) and are validated by it, so <c>vigil serve</c> and the server project agree.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve",
            "Run the decision service (docs/server.md). Settings:" + Environment.NewLine + ServerArguments.Describe())
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = ServerArguments.Parse([.. parse.UnmatchedTokens], out var errors);
            if (errors.Count > 0)
            {
                foreach (string error in errors)
                {
                    Console.Error.WriteLine("vigil serve: " + error);
                }

                return 2;
            }

            return await VigilServer.RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
