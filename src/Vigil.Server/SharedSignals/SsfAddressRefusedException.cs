namespace Vigil.Server.SharedSignals;

/// <summary>A connect refused by <see cref="SsfAddressPolicy"/>: the host resolved only to addresses Shared Signals may not reach.</summary>
internal sealed class SsfAddressRefusedException : IOException
{
    public SsfAddressRefusedException()
    {
    }

    public SsfAddressRefusedException(string message)
        : base(message)
    {
    }

    public SsfAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
