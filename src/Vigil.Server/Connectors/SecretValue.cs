namespace Vigil.Server.Connectors;

/// <summary>
/// A credential read from an environment variable or a file. Its <see cref="ToString"/> names where it came from,
/// never the value, so a settings object that reaches a log or an exception message leaks nothing.
/// </summary>
internal sealed class SecretValue(string value, string origin)
{
    /// <summary>The credential itself, for the one header or form field that carries it.</summary>
    public string Reveal() => value;

    /// <summary>Where the value came from (<c>env OKTA_TOKEN</c>, <c>file /run/secrets/okta</c>).</summary>
    public override string ToString() => origin;
}
