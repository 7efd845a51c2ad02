using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>
/// One event before it is written. Every string is a reference to pre-encoded text owned by the world model,
/// so buffering and writing events allocates nothing.
/// </summary>
internal struct SimEvent
{
    public long Ms;
    public EventAction Action;
    public EventOutcome Outcome;
    public Identity Identity;
    public IpBlock Network;
    public uint Ip;
    public JsonEncodedText? UserAgent;
    public Device? Device;
    public ulong SessionId;
    public ulong TokenId;
    public Resource? Resource;
    public ResourceAction ResourceAction;
    public HttpVerb HttpVerb;
    public long BytesDown;
    public long BytesUp;
    public AuthMethod AuthMethod;
    public FailureReason FailureReason;
    public MfaMethod MfaMethod;
    public MfaResult MfaResult;
    public bool DeviceCompliant;
    public Identity? OnBehalfOf;
    public Identity? Actor;
    public JsonEncodedText? Privilege;
    public JsonEncodedText? CredentialId;
    public Campaign? Campaign;

    /// <summary>An agent's task and the tool call it makes, in words (language family; <see cref="AgentTexts"/>).</summary>
    public JsonEncodedText? AgentTask;
    public JsonEncodedText? ToolName;
    public JsonEncodedText? ToolArguments;
}
