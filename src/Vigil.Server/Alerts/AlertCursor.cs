using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Vigil.Server.Alerts;

/// <summary>
/// The opaque paging cursor: the last id of a page, so the next page starts below it (keyset paging: a deep page costs
/// what the first does, and alerts stored meanwhile never shift a page). Base64url of <c>KIND:ID</c>, so an alert
/// cursor is not taken for an incident cursor.
/// </summary>
internal static class AlertCursor
{
    /// <summary>Longest cursor accepted; the ones issued are about 20 characters.</summary>
    public const int MaxLength = 64;

    public static string Encode(char kind, long lastId) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{lastId}")));

    public static bool TryDecode(string text, char kind, out long lastId)
    {
        lastId = 0;
        if (text.Length is 0 or > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }

        string plain = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text));
        return plain.Length > 2 && plain[0] == kind && plain[1] == ':'
            && long.TryParse(plain.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out lastId) && lastId > 0;
    }
}
