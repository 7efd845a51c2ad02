namespace Vigil.Server.Connectors;

/// <summary>
/// A vendor answer that is not a page. The message names the status and the reason, never a credential or the
/// response body (which may echo one).
/// </summary>
internal sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ConnectorException(string message, int status, DateTimeOffset? retryAt)
        : base(message)
    {
        Status = status;
        RetryAt = retryAt;
    }

    /// <summary>The HTTP status, 0 when the request did not get one (a network error, a broken body).</summary>
    public int Status { get; }

    /// <summary>When the vendor says to try again (429 <c>X-Rate-Limit-Reset</c> or <c>Retry-After</c>); null: back off.</summary>
    public DateTimeOffset? RetryAt { get; }
}
