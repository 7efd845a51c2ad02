namespace Vigil.Server.Connectors;

/// <summary>
/// One document of a batch the endpoint did not take: its place in the batch, the status the endpoint gave it and
/// its reason (the error type, never the document). 429 and 5xx are sent again; any other status is bad data and goes
/// to the dead-letter file.
/// </summary>
internal readonly record struct ItemFailure(int Index, int Status, string Reason)
{
    public bool Retryable => Status is 429 or >= 500;
}
