using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>
/// An AuthZEN search request (AuthZEN 1.0, Search APIs): the parts that stay fixed and the type of the part searched.
/// A subject search needs <c>subject.type</c>, the action and the resource with its id; a resource search the subject
/// with its id, the action and <c>resource.type</c>; an action search the subject and resource with ids. The searched
/// part's id (and an action search's action) is ignored when present, as the specification says.
/// </summary>
internal sealed class SearchRequest
{
    private readonly JsonElement _subject;
    private readonly JsonElement _resource;
    private readonly string? _action;
    private readonly JsonElement _actionProperties;
    private readonly JsonElement _context;

    private SearchRequest(SearchKind kind, JsonElement subject, JsonElement resource, string? action, JsonElement actionProperties, JsonElement context)
    {
        Kind = kind;
        _subject = subject;
        _resource = resource;
        _action = action;
        _actionProperties = actionProperties;
        _context = context;
        Type = kind switch
        {
            SearchKind.Subject => subject.GetProperty("type").GetString(),
            SearchKind.Resource => resource.GetProperty("type").GetString(),
            _ => null,
        };
    }

    public SearchKind Kind { get; }

    /// <summary>The type of the subjects or resources searched (null for actions).</summary>
    public string? Type { get; }

    public static bool TryParse(JsonElement root, SearchKind kind, out SearchRequest? request, out string? error)
    {
        request = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the request must be a JSON object";
            return false;
        }

        error = Need(root, "subject", idToo: kind != SearchKind.Subject)
            ?? (kind == SearchKind.Action ? null : NeedAction(root))
            ?? Need(root, "resource", idToo: kind != SearchKind.Resource);
        if (error is not null)
        {
            return false;
        }

        string? action = kind == SearchKind.Action ? null : root.GetProperty("action").GetProperty("name").GetString();

        // The action's properties belong to every candidate's question, as subject and resource properties do (issue
        // 11: they were dropped, so a condition on action.properties was decided without them). In an action search
        // the name is what is searched, yet properties sent with it (`"action": {"properties": {...}}`) still apply.
        var actionProperties = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.Object ? Properties(a) : default;
        var context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        request = new SearchRequest(kind, root.GetProperty("subject"), root.GetProperty("resource"), action, actionProperties, context);
        return true;
    }

    /// <summary>The access question for one candidate: the request with the candidate in the searched part (and the request's properties for it, the action's included).</summary>
    public AuthzenEvaluation For(string candidate) => new(
        Kind == SearchKind.Subject ? new AuthzenEntity(Type!, candidate, Properties(_subject)) : Entity(_subject),
        new AuthzenAction(Kind == SearchKind.Action ? candidate : _action!, _actionProperties),
        Kind == SearchKind.Resource ? new AuthzenEntity(Type!, candidate, Properties(_resource)) : Entity(_resource),
        _context);

    /// <summary>
    /// What a page token is bound to: the endpoint and the fixed parts' types, ids and action (not properties or context,
    /// which a client may serialise differently from one page to the next). 64 bits of SHA-256: collisions only let a
    /// confused client resume another search, never see more than that search would show it.
    /// </summary>
    public ulong Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, ((byte)Kind).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(hash, _subject.GetProperty("type").GetString());
        Add(hash, Kind == SearchKind.Subject ? null : _subject.GetProperty("id").GetString());
        Add(hash, _action);
        Add(hash, _resource.GetProperty("type").GetString());
        Add(hash, Kind == SearchKind.Resource ? null : _resource.GetProperty("id").GetString());
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }

    private static void Add(IncrementalHash hash, string? value)
    {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        byte[] bytes = Encoding.UTF8.GetBytes(value ?? "");
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, value is null ? -1 : bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    private static string? Need(JsonElement root, string name, bool idToo)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return name + " is missing";
        }

        if (!NonEmpty(e, "type"))
        {
            return name + ".type is missing or not a non-empty string";
        }

        return idToo && !NonEmpty(e, "id") ? name + ".id is missing or not a non-empty string" : null;
    }

    private static string? NeedAction(JsonElement root) =>
        root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.Object && NonEmpty(a, "name")
            ? null
            : "action.name is missing or not a non-empty string";

    private static bool NonEmpty(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0;

    private static AuthzenEntity Entity(JsonElement e) => new(e.GetProperty("type").GetString()!, e.GetProperty("id").GetString()!, Properties(e));

    private static JsonElement Properties(JsonElement e) => e.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
}
