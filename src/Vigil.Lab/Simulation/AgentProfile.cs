namespace Vigil.Lab.Simulation;

/// <summary>An AI agent acting for one to three users on tools and resources.</summary>
internal sealed class AgentProfile
{
    public required int Index { get; init; }

    public required Identity Identity { get; init; }

    public required HumanProfile[] Principals { get; init; }

    public required IpBlock Platform { get; init; }

    public required Resource[] Tools { get; init; }

    /// <summary>The principals' everyday resources the agent reads for them (low and medium sensitivity).</summary>
    public required Resource[] Reads { get; init; }

    public required string UserAgent { get; init; }

    public required System.Text.Json.JsonEncodedText EncodedUserAgent { get; init; }

    public required double TasksPerDay { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>assistant, coder, analyst or triage: the job its tasks and tool calls are about (<see cref="AgentTexts"/>).</summary>
    public required string Kind { get; init; }
}
