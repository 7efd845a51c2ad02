namespace Vigil.Storage;

/// <summary>
/// A decision record read from the audit log does not agree with its hashed content or with its place in the chain:
/// the database was edited. The record is refused, never acted on (<c>vigil audit verify</c> says more).
/// </summary>
public sealed class AuditIntegrityException : Exception
{
    public AuditIntegrityException()
    {
    }

    public AuditIntegrityException(string message)
        : base(message)
    {
    }

    public AuditIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AuditIntegrityException(long sequence, string problem)
        : base($"Audit record {sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)} fails verification: {problem}.")
    {
        Sequence = sequence;
        Problem = problem;
    }

    /// <summary>The record's position in the log (0 when not known).</summary>
    public long Sequence { get; }

    /// <summary>What is wrong with it.</summary>
    public string? Problem { get; }
}
