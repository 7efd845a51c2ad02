namespace Vigil.Server.Tests.Hostile;

/// <summary>A generated case broke a property; the message names the seed, the case and what was sent.</summary>
public sealed class HostileFailureException : Exception
{
    public HostileFailureException()
    {
    }

    public HostileFailureException(string message)
        : base(message)
    {
    }

    public HostileFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
