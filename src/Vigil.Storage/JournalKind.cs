namespace Vigil.Storage;

/// <summary>What a journal entry holds.</summary>
public enum JournalKind : byte
{
    /// <summary>A telemetry event: the payload is one ECS JSON object (UTF-8).</summary>
    Event = 0,
    /// <summary>Feedback on an identity, decision or event: the payload is the server's feedback JSON.</summary>
    Feedback = 1,
}
