using System.Globalization;

namespace Vigil.Storage;

/// <summary>
/// A record of the audit log's head kept outside the database: its sequence and chain hash (the SHA-256 over every
/// record up to it). The chain alone shows a record altered or removed by someone who did not recompute the hashes
/// after it; whoever can write the database can recompute them. An anchor taken earlier and stored elsewhere (a log
/// shipper, a ticket, another system's database) pins the log up to that point: a rewrite at or before it changes
/// the hash at the anchor's sequence. Text form: <c>SEQ:HEX</c>.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sequence}:{Hash}");

    /// <summary>Parses <c>SEQ:HEX</c> (64 hex digits); on failure says what is wrong.</summary>
    public static bool TryParse(string text, out AuditAnchor? anchor, out string? error)
    {
        anchor = null;
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence) || sequence < 1)
        {
            error = $"anchor '{text}' does not start with a record number (1 or more) and ':'; expected SEQ:HEX as printed by 'vigil audit head'";
            return false;
        }

        string hash = text[(colon + 1)..].Trim().ToLowerInvariant();
        if (hash.Length != AuditChain.HashLength * 2 || !hash.All(char.IsAsciiHexDigit))
        {
            error = $"anchor '{text}' has no 64-digit hex hash after ':'";
            return false;
        }

        error = null;
        anchor = new AuditAnchor(sequence, hash);
        return true;
    }
}
