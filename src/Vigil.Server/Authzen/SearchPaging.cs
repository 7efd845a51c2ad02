using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>
/// Paging of AuthZEN searches (AuthZEN 1.0, "Paging"): the request's <c>page.limit</c> caps the results of a page and
/// <c>page.token</c> resumes after the previous page; the response's <c>page.next_token</c> is empty on the last page.
/// A token is opaque to callers: the search it belongs to, the policy version it was issued under and the index of
/// the next candidate in that version's sorted candidates. An index, not the last id examined, because the last
/// examined candidate may be one the caller is not permitted to see, and a token must not name it. Not signed: a forged
/// token can only pick a starting point in the public order, which the caller could reach by paging anyway.
/// </summary>
internal static class SearchPaging
{
    /// <summary>Results per page when the request sets no <c>page.limit</c>.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Largest <c>page.limit</c> accepted (a larger one is a 400, so a client learns the bound instead of silently getting less).</summary>
    public const int MaxLimit = 1_000;

    /// <summary>
    /// Most candidates decided for one page, whatever the limit: each is a full assessment and policy decision, so this
    /// bounds the work one request can cause (about 4,000 decisions take tens of milliseconds). A search whose
    /// permitted candidates are sparse returns fewer results than its limit and a non-empty <c>next_token</c>.
    /// </summary>
    public const int MaxExaminedPerPage = 4_000;

    private const byte Format = 1;
    private const int TokenBytes = 1 + 1 + 8 + 8 + 4; // format, kind, version, search fingerprint, next index
    private const int MaxTokenChars = 64; // an issued token has 30; anything much longer is not one, and is not decoded

    /// <summary>Reads <c>page</c>: its <c>limit</c> (default <see cref="DefaultLimit"/>) and <c>token</c> (null or empty: the first page).</summary>
    public static bool TryReadPage(JsonElement root, out int limit, out string? token, out string? error)
    {
        limit = DefaultLimit;
        token = null;
        error = null;
        if (!root.TryGetProperty("page", out var page) || page.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (page.ValueKind != JsonValueKind.Object)
        {
            error = "page must be an object with an optional token and limit";
            return false;
        }

        if (page.TryGetProperty("limit", out var l) && l.ValueKind != JsonValueKind.Null
            && (l.ValueKind != JsonValueKind.Number || !l.TryGetInt32(out limit) || limit < 1 || limit > MaxLimit))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"page.limit must be a whole number from 1 to {MaxLimit}");
            return false;
        }

        // AuthZEN 1.0 names the request's member 'token'; its drafts' examples sent the response's 'next_token' back. Both are read.
        if (!TryString(page, "token", out token, out error) || !TryString(page, "next_token", out string? alias, out error))
        {
            return false;
        }

        if (token is not null && alias is not null && token != alias)
        {
            error = "page.token and page.next_token differ; send the next_token of the previous page as page.token";
            return false;
        }

        token ??= alias;
        return true;
    }

    /// <summary>The token that resumes a search at candidate <paramref name="next"/>.</summary>
    public static string Encode(SearchKind kind, long version, ulong fingerprint, int next)
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        bytes[0] = Format;
        bytes[1] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(bytes[2..], version);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[10..], fingerprint);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[18..], next);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Where a search resumes (0 without a token), or a 400 message: for a token that is not one this service issued,
    /// that belongs to another search, or that was issued under another policy version (the candidates and decisions
    /// may have changed, so continuing would mix two versions' answers: the caller starts again).
    /// </summary>
    public static bool TryResume(string? token, SearchKind kind, long version, ulong fingerprint, int candidates, out int start, out string? error)
    {
        start = 0;
        error = null;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[TokenBytes];
        // DecodeFromChars reports bad input as a status (TryDecodeFromChars throws on it).
        if (token.Length > MaxTokenChars || Base64Url.DecodeFromChars(token, bytes, out _, out int written) != OperationStatus.Done || written != TokenBytes || bytes[0] != Format)
        {
            error = "page.token is not a token this service issued; send the page.next_token of the previous page, or no token for the first page";
            return false;
        }

        long issuedUnder = BinaryPrimitives.ReadInt64LittleEndian(bytes[2..]);
        int next = BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]);
        if (bytes[1] != (byte)kind || BinaryPrimitives.ReadUInt64LittleEndian(bytes[10..]) != fingerprint)
        {
            error = "page.token belongs to a different search (another endpoint, subject, action or resource); send it with the request it was issued for, or start again without a token";
            return false;
        }

        if (issuedUnder != version)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"page.token was issued under policy version {issuedUnder}, and version {version} is in force now; the candidates and decisions may have changed, so start the search again without a token");
            return false;
        }

        if (next < 1 || next > candidates)
        {
            error = "page.token is not a token this service issued; send the page.next_token of the previous page, or no token for the first page";
            return false;
        }

        start = next;
        return true;
    }

    private static bool TryString(JsonElement page, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!page.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            error = "page." + name + " must be a string";
            return false;
        }

        value = e.GetString();
        return true;
    }
}
