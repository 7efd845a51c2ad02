namespace Vigil.Cli.Commands;

/// <summary>Bad command-line input: each message names the option and how to fix it. Exit code 2.</summary>
internal sealed class CommandLineException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
