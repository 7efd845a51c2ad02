using System.CommandLine;
using Vigil.Core.Policies;

namespace Vigil.Cli.Commands;

/// <summary>The policy a command decides with: a file (default: the shipped policy) and policy data files.</summary>
internal sealed class PolicyOptions(string name = "--policy", string description = "Policy document (YAML or JSON); the shipped default policy when absent.")
{
    public Option<string?> Policy { get; } = new(name) { Description = description };

    public Option<string[]> Data { get; } = new("--data") { Description = "Policy data file (subjects and resources); repeatable." };

    public void AddTo(Command command)
    {
        command.Options.Add(Policy);
        command.Options.Add(Data);
    }

    /// <summary>Loads and compiles; invalid policy or data stops the command with every problem listed.</summary>
    public static CompiledPolicy Load(string? path, string[]? data)
    {
        if (path is null && (data is null || data.Length == 0))
        {
            return PolicyCompiler.Default();
        }

        if (path is null)
        {
            throw new CommandLineException(["--data needs --policy: data is laid over a policy document."]);
        }

        return PolicyCompiler.CompileFiles(path, data ?? [], out var diagnostics)
            ?? throw new CommandLineException([.. diagnostics.Select(d => d.ToString())]);
    }
}
