using System.Globalization;

namespace Vigil.Core.Policies;

/// <summary>One problem in a policy: where, what, and how to fix it.</summary>
public sealed record PolicyDiagnostic(string File, int Line, int Column, string Message, string? Fix = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}{(Fix is null ? "" : " Fix: " + Fix)}");
}
