using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>Who, from where and in which session: the fields shared by consecutive events of one actor.</summary>
internal struct EventOrigin
{
    public Identity Identity;
    public IpBlock Network;
    public uint Ip;
    public JsonEncodedText? UserAgent;
    public Device? Device;
    public ulong SessionId;
    public ulong TokenId;
    public Campaign? Campaign;
    public Identity? OnBehalfOf;
    public JsonEncodedText? Credential;

    /// <summary>The task an agent's run was given (<c>gen_ai.agent.description</c>), on each of its events.</summary>
    public JsonEncodedText? AgentTask;
}
