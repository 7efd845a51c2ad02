using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary>Runs the <c>vigil</c> command line in-process with the console captured (tests using it are in <see cref="ConsoleCollection"/>).</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (VigilCommandLine.Build().Parse(args).Invoke(), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}
