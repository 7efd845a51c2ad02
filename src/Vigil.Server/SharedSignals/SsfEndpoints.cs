using System.Text.Json;
using Vigil.Server.Http;
using Vigil.Server.Security;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The SSF 1.0 transmitter's HTTP surface: discovery (section 7) and the JWKS, anonymous; stream management (section
/// 8) and RFC 8936 poll delivery, for callers with the <c>ssf:manage</c> scope, each seeing only its own streams.
/// Errors are ProblemDetails naming the member; an unknown stream and another receiver's stream are the same 404.
/// </summary>
internal static partial class SsfEndpoints
{
    public const string WellKnown = "/.well-known/ssf-configuration";
    public const string JwksPath = "/ssf/jwks.json";
    public const string StreamsPath = "/ssf/streams";
    public const string StatusPath = "/ssf/status";
    public const string AddSubjectPath = "/ssf/subjects/add";
    public const string RemoveSubjectPath = "/ssf/subjects/remove";
    public const string VerifyPath = "/ssf/verify";
    public const string PollPath = "/ssf/poll";

    public static IEndpointRouteBuilder MapSharedSignals(this IEndpointRouteBuilder app)
    {
        app.MapGet(WellKnown, Discovery).AllowAnonymous().WithTags("Shared Signals").WithSummary("SSF transmitter configuration (SSF 1.0 section 7.1)");
        // SSF 1.0 section 7.2.1: an issuer with a path publishes at /.well-known/ssf-configuration{path}.
        app.MapGet(WellKnown + "/{**path}", (string path, HttpContext context, SsfTransmitter transmitter, ServerOptions options) =>
            string.Equals("/" + path.TrimEnd('/'), IssuerPath(transmitter), StringComparison.Ordinal) && path.Length > 0
                ? Discovery(context, transmitter, options)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such issuer")).AllowAnonymous().WithTags("Shared Signals");
        app.MapGet(JwksPath, (SsfKeyRing keys) => new JsonResult(keys.WriteJwks)).AllowAnonymous().WithTags("Shared Signals").WithSummary("The transmitter's signing keys (JWKS)");

        var group = app.MapGroup("/ssf").RequireScope(Scopes.SsfManage).WithTags("Shared Signals");
        group.MapPost("/streams", CreateStream).WithSummary("Create a stream (SSF 1.0 section 8.1.1.1)");
        group.MapGet("/streams", ReadStreams).WithSummary("Read one stream (?stream_id=) or all of the caller's streams");
        group.MapPatch("/streams", (HttpContext c, SsfDatabase d, SsfTransmitter t, SsfSettings s) => ChangeStream(c, d, t, s, replace: false)).WithSummary("Update a stream");
        group.MapPut("/streams", (HttpContext c, SsfDatabase d, SsfTransmitter t, SsfSettings s) => ChangeStream(c, d, t, s, replace: true)).WithSummary("Replace a stream");
        group.MapDelete("/streams", DeleteStream).WithSummary("Delete a stream");
        group.MapGet("/status", ReadStatus).WithSummary("A stream's status (SSF 1.0 section 8.1.2.1)");
        group.MapPost("/status", UpdateStatus).WithSummary("Set a stream's status: enabled, paused or disabled");
        group.MapPost("/subjects/add", (HttpContext c, SsfDatabase d, SsfSettings s) => ChangeSubject(c, d, s, add: true)).WithSummary("Add a subject (SSF 1.0 section 8.1.3.2)");
        group.MapPost("/subjects/remove", (HttpContext c, SsfDatabase d, SsfSettings s) => ChangeSubject(c, d, s, add: false)).WithSummary("Remove a subject (SSF 1.0 section 8.1.3.3)");
        group.MapPost("/verify", Verify).WithSummary("Request a verification event (SSF 1.0 section 8.1.4.2)");
        group.MapPost("/poll/{streamId}", Poll).WithSummary("Poll for SETs (RFC 8936)");
        return app;
    }

    private static string IssuerPath(SsfTransmitter transmitter) => new Uri(transmitter.Issuer).AbsolutePath.TrimEnd('/');

    private static JsonResult Discovery(HttpContext context, SsfTransmitter transmitter, ServerOptions options)
    {
        string issuer = transmitter.Issuer;
        return new JsonResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("spec_version", "1_0");
            w.WriteString("issuer", issuer);
            w.WriteString("jwks_uri", issuer + JwksPath);
            w.WriteStartArray("delivery_methods_supported");
            w.WriteStringValue(SsfEventTypes.Push);
            w.WriteStringValue(SsfEventTypes.Poll);
            w.WriteEndArray();
            w.WriteString("configuration_endpoint", issuer + StreamsPath);
            w.WriteString("status_endpoint", issuer + StatusPath);
            w.WriteString("add_subject_endpoint", issuer + AddSubjectPath);
            w.WriteString("remove_subject_endpoint", issuer + RemoveSubjectPath);
            w.WriteString("verification_endpoint", issuer + VerifyPath);
            w.WriteStartArray("authorization_schemes");
            if (options.JwtAuthority is not null)
            {
                w.WriteStartObject();
                w.WriteString("spec_urn", "urn:ietf:rfc:6749"); // OAuth bearer tokens (CAEP interoperability profile section 2.6)
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("default_subjects", "ALL");
            w.WriteEndObject();
        });
    }

    private static string Owner(HttpContext context) => Scopes.CallerName(context.User);

    /// <summary>The caller's stream named <paramref name="streamId"/>, else a 404 (the same whether it does not exist or is another receiver's).</summary>
    private static (SsfStream? Stream, IResult? Problem) OwnStream(HttpContext context, SsfDatabase database, string? streamId)
    {
        if (string.IsNullOrEmpty(streamId))
        {
            return (null, HttpJson.BadRequest("stream_id is required"));
        }

        var stream = database.FindStream(streamId);
        return stream is not null && string.Equals(stream.Owner, Owner(context), StringComparison.Ordinal)
            ? (stream, null)
            : (null, Results.Problem(detail: "stream_id: no stream of yours has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown stream"));
    }

    private static void WriteStream(Utf8JsonWriter w, SsfStream s, SsfTransmitter transmitter)
    {
        w.WriteStartObject();
        w.WriteString("stream_id", s.StreamId);
        w.WriteString("iss", transmitter.Issuer);
        w.WriteString("aud", s.Audience);
        w.WriteStartObject("delivery");
        w.WriteString("method", s.Method);
        // The push authorization_header is the receiver's secret: stored and sent with each push, never read back.
        w.WriteString("endpoint_url", s.Method == SsfEventTypes.Poll ? transmitter.PollUrl(s.StreamId) : s.EndpointUrl);
        w.WriteEndObject();
        WriteList(w, "events_supported", SsfEventTypes.Supported);
        WriteList(w, "events_requested", s.EventsRequested);
        WriteList(w, "events_delivered", s.EventsDelivered);
        if (s.Description is not null)
        {
            w.WriteString("description", s.Description);
        }

        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Reads a request body that names one of the caller's streams by <c>stream_id</c> and hands both on: the part
    /// status updates, subject changes and verification share. A bad body is a 400, someone else's stream a 404.
    /// </summary>
    private static async Task<IResult> WithOwnStream(HttpContext context, SsfDatabase database, SsfSettings settings, Func<JsonElement, SsfStream, IResult> handle)
    {
        var (document, problem) = await ReadBody(context, settings).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            var (stream, missing) = OwnStream(context, database, Text(root, "stream_id"));
            return missing ?? handle(root, stream!);
        }
    }

    private static async Task<(JsonDocument? Document, IResult? Problem)> ReadBody(HttpContext context, SsfSettings settings) =>
        await HttpJson.ReadAsync(context, settings.MaxBodyBytes).ConfigureAwait(false);

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
