using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Vigil.Server.Hosting;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Vigil as an SSF receiver (issue 16, item 3): streams configured from another transmitter's discovery document,
/// every SET verified by <see cref="SetVerifier"/> against that transmitter's JWKS (fetched again, at most every
/// <see cref="SsfSettings.JwksRefreshMs"/>, when a SET's key is unknown: rotation), its jti remembered in
/// <see cref="SsfReceiverStore"/> so a replay is never applied twice, even after a restart, and its event applied
/// (<c>SsfReceiver.Apply.cs</c>). Push and poll deliveries both end in <see cref="ReceiveAsync"/>.
/// </summary>
internal sealed partial class SsfReceiver
{
    private readonly SsfReceiverStore _store;
    private readonly ExternalSignals _signals;
    private readonly SsfSettings _settings;
    private readonly SsfReceiverHttp _http;
    private readonly EngineHost _engine;
    private readonly ServerOptions _options;
    private readonly SsfTransmitter _transmitter;
    private readonly SsfEngineWatcher _watcher;
    private readonly ILogger<SsfReceiver> _logger;
    private readonly SetVerifier _verifier;
    private readonly ConcurrentDictionary<string, ReceiverStream> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (JsonWebKeySet Keys, long FetchedMs)> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Second, int Count)> _rates = new(StringComparer.Ordinal);
    private readonly Lock _configureGate = new();

    public SsfReceiver(SsfReceiverStore store, ExternalSignals signals, SsfSettings settings, SsfReceiverHttp http, EngineHost engine, ServerOptions options,
        SsfTransmitter transmitter, SsfEngineWatcher watcher, ILogger<SsfReceiver> logger)
    {
        _store = store;
        _signals = signals;
        _settings = settings;
        _http = http;
        _engine = engine;
        _options = options;
        _transmitter = transmitter;
        _watcher = watcher;
        _logger = logger;
        _verifier = new SetVerifier(options.Time)
        {
            MaxTokenLength = settings.MaxReceivedSetBytes,
            MaxAge = TimeSpan.FromHours(settings.ReceivedMaxAgeHours),
            MaxRemembered = 1_000_000,
        };
        foreach (var stream in store.Streams())
        {
            _streams[stream.Id] = stream;
        }

        signals.Settings = settings;
        signals.Store = store;
        signals.Load(store.Signals());
    }

    public IReadOnlyCollection<ReceiverStream> Streams => [.. _streams.Values.OrderBy(s => s.Id, StringComparer.Ordinal)];

    public ReceiverStream? Find(string id) => _streams.GetValueOrDefault(id);

    private long NowMs => _options.Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Configures a stream with the transmitter at <paramref name="request"/>'s URL: reads its discovery document (the
    /// issuer must be that URL), its JWKS, creates the stream there (push to this service's <c>/ssf/receive/{id}</c>
    /// with a fresh bearer secret, or poll) and asks for a verification event. Returns the stream, or a problem naming
    /// the member or the step that failed.
    /// </summary>
    public async Task<(ReceiverStream? Stream, int Status, string? Problem)> ConfigureAsync(ReceiverRequest request, CancellationToken cancellation)
    {
        if (_streams.Count >= _settings.MaxReceiverStreams)
        {
            return (null, StatusCodes.Status409Conflict, $"Vigil already receives {_settings.MaxReceiverStreams} streams (SsfSettings.MaxReceiverStreams); delete one first.");
        }

        var issuer = request.Transmitter.TrimEnd('/');
        JsonElement discovery;
        try
        {
            discovery = await GetJsonAsync(DiscoveryUrl(issuer), null, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or JsonException or TaskCanceledException)
        {
            return (null, StatusCodes.Status400BadRequest, $"transmitter: its discovery document {DiscoveryUrl(issuer)} could not be read ({ex.Message})");
        }

        if (Text(discovery, "issuer")?.TrimEnd('/') != issuer)
        {
            return (null, StatusCodes.Status400BadRequest, "transmitter: the discovery document's issuer is not the transmitter URL given (SSF 1.0 section 7.2)");
        }

        string? jwksUri = Text(discovery, "jwks_uri");
        string? configuration = Text(discovery, "configuration_endpoint");
        if (jwksUri is null || configuration is null)
        {
            return (null, StatusCodes.Status400BadRequest, "transmitter: the discovery document has no jwks_uri or configuration_endpoint");
        }

        if (!discovery.TryGetProperty("delivery_methods_supported", out var methods) || methods.ValueKind != JsonValueKind.Array
            || !methods.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == request.Method))
        {
            return (null, StatusCodes.Status400BadRequest, $"delivery: the transmitter does not support {request.Method}");
        }

        try
        {
            await RefreshKeysAsync(issuer, jwksUri, force: true, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or ArgumentException or JsonException or TaskCanceledException)
        {
            return (null, StatusCodes.Status400BadRequest, $"transmitter: its jwks_uri {jwksUri} could not be read as a JWKS ({ex.Message})");
        }

        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string? secret = null;
        var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartObject("delivery");
            w.WriteString("method", request.Method);
            if (request.Method == SsfEventTypes.Push)
            {
                secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                w.WriteString("endpoint_url", _transmitter.Issuer + ReceivePath + "/" + id);
                w.WriteString("authorization_header", "Bearer " + secret);
            }

            w.WriteEndObject();
            w.WriteStartArray("events_requested");
            foreach (string type in request.EventsRequested)
            {
                w.WriteStringValue(type);
            }

            w.WriteEndArray();
            w.WriteString("description", "Vigil adaptive trust engine");
            w.WriteEndObject();
        }

        JsonElement created;
        try
        {
            created = await SendJsonAsync(HttpMethod.Post, configuration, body.ToArray(), request, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or JsonException or TaskCanceledException)
        {
            return (null, StatusCodes.Status400BadRequest, $"transmitter: creating the stream at {configuration} failed ({ex.Message})");
        }

        string? streamId = Text(created, "stream_id");
        string? aud = created.TryGetProperty("aud", out var a) ? a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(x => x.GetString()).FirstOrDefault() : a.GetString() : null;
        if (streamId is null || aud is null)
        {
            return (null, StatusCodes.Status400BadRequest, "transmitter: the created stream has no stream_id or aud");
        }

        var stream = new ReceiverStream
        {
            Id = id,
            Issuer = issuer,
            JwksUri = jwksUri,
            ConfigurationEndpoint = configuration,
            VerificationEndpoint = Text(discovery, "verification_endpoint"),
            StreamId = streamId,
            Audience = aud,
            Method = request.Method,
            PollUrl = created.TryGetProperty("delivery", out var d) ? Text(d, "endpoint_url") : null,
            Tenant = request.Tenant,
            PushSecretHash = secret is null ? null : Hash(secret),
            TransmitterAuthorization = request.AuthorizationHeader,
            TransmitterApiKey = request.ApiKey,
            EventsDelivered = created.TryGetProperty("events_delivered", out var ev) && ev.ValueKind == JsonValueKind.Array
                ? [.. ev.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                : [],
            VerificationState = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            CreatedMs = NowMs,
        };
        if (stream.Method == SsfEventTypes.Poll && stream.PollUrl is null)
        {
            return (null, StatusCodes.Status400BadRequest, "transmitter: the created poll stream has no delivery.endpoint_url");
        }

        lock (_configureGate)
        {
            _store.Save(stream);
            _streams[id] = stream;
        }

        SsfLog.ReceiverStreamConfigured(_logger, id, issuer, stream.Method);
        await RequestVerificationAsync(stream, cancellation).ConfigureAwait(false);
        return (stream, StatusCodes.Status201Created, null);
    }

    /// <summary>Asks the transmitter for a verification event carrying the stream's state (SSF 1.0 section 8.1.4.2); a failure is logged, the stream stays unverified.</summary>
    public async Task RequestVerificationAsync(ReceiverStream stream, CancellationToken cancellation)
    {
        if (stream.VerificationEndpoint is null)
        {
            return;
        }

        try
        {
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["stream_id"] = stream.StreamId, ["state"] = stream.VerificationState ?? "" },
                SsfReceiverJson.Default.DictionaryStringString);
            await SendJsonAsync(HttpMethod.Post, stream.VerificationEndpoint, body, stream, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or JsonException or TaskCanceledException)
        {
            SsfLog.ReceiverCallFailed(_logger, stream.Id, "verification", ex.Message);
        }
    }

    /// <summary>Verifies the stream again (an administrator asks): a new state, the stream unverified until its verification event echoes it.</summary>
    public async Task ReverifyAsync(string id, CancellationToken cancellation)
    {
        Update(id, x => x with { Verified = false, VerificationState = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) });
        if (Find(id) is { } stream)
        {
            await RequestVerificationAsync(stream, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the stream here and (best effort) at the transmitter.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellation)
    {
        if (!_streams.TryRemove(id, out var stream))
        {
            return false;
        }

        _store.Delete(id);
        try
        {
            using var message = Request(HttpMethod.Delete, stream.ConfigurationEndpoint + "?stream_id=" + Uri.EscapeDataString(stream.StreamId), stream);
            using var response = await _http.Client.SendAsync(message, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            SsfLog.ReceiverCallFailed(_logger, id, "delete", ex.Message);
        }

        return true;
    }

    /// <summary>True when <paramref name="authorization"/> is the push stream's bearer secret (compared as SHA-256 hashes, in constant time).</summary>
    public static bool Authorized(ReceiverStream stream, string? authorization) =>
        stream.PushSecretHash is not null && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(authorization[7..])), Encoding.ASCII.GetBytes(stream.PushSecretHash));

    /// <summary>Verifies one SET of <paramref name="stream"/> and applies it: the one path of push and poll.</summary>
    public async Task<ReceiveOutcome> ReceiveAsync(ReceiverStream stream, string token, CancellationToken cancellation)
    {
        if (Encoding.UTF8.GetByteCount(token) > _settings.MaxReceivedSetBytes)
        {
            return ReceiveOutcome.Refused("invalid_request", $"the SET is larger than {_settings.MaxReceivedSetBytes} bytes");
        }

        if (!TakeRate(stream.Id))
        {
            return ReceiveOutcome.Later($"more than {_settings.MaxReceivedPerSecond} SETs per second on this stream");
        }

        var keys = await KeysAsync(stream, cancellation).ConfigureAwait(false);
        var verification = await _verifier.VerifyAsync(token, keys, stream.Issuer, stream.Audience).ConfigureAwait(false);
        if (verification.Error == "invalid_key" && await RefreshKeysAsync(stream.Issuer, stream.JwksUri, force: false, cancellation).ConfigureAwait(false) is { } fresh)
        {
            verification = await _verifier.VerifyAsync(token, fresh, stream.Issuer, stream.Audience).ConfigureAwait(false); // rotation: a kid published since
        }

        if (verification.Error == "duplicate")
        {
            return new ReceiveOutcome(null, null, Duplicate: true);
        }

        if (!verification.Valid)
        {
            SsfLog.ReceiverRefused(_logger, stream.Id, verification.Error!, verification.Description!);
            return ReceiveOutcome.Refused(verification.Error!, verification.Description!);
        }

        long now = NowMs;
        if (!_store.Remember(stream.Issuer, verification.Jti!, now, now - (_settings.ReceivedMaxAgeHours * 3_600_000L)))
        {
            return new ReceiveOutcome(null, null, Duplicate: true, EventType: verification.EventType);
        }

        return await ApplyAsync(stream, verification, now, cancellation).ConfigureAwait(false);
    }

    private bool TakeRate(string streamId)
    {
        long second = NowMs / 1000;
        var next = _rates.AddOrUpdate(streamId, (second, 1), (_, r) => r.Second == second ? (second, r.Count + 1) : (second, 1));
        return next.Count <= _settings.MaxReceivedPerSecond;
    }

    /// <summary>
    /// The issuer's keys as last fetched, read again once they are <see cref="SsfSettings.JwksMaxAgeMs"/> old: a key
    /// the transmitter stopped publishing (rotated out after the overlap, or withdrawn) then stops verifying here too,
    /// instead of staying trusted for as long as the transmitter introduces no new kid. A failed fetch keeps the held keys.
    /// </summary>
    private async Task<JsonWebKeySet> KeysAsync(ReceiverStream stream, CancellationToken cancellation)
    {
        if (_keys.TryGetValue(stream.Issuer, out var held))
        {
            return NowMs - held.FetchedMs < _settings.JwksMaxAgeMs
                ? held.Keys
                : await RefreshKeysAsync(stream.Issuer, stream.JwksUri, force: false, cancellation).ConfigureAwait(false) ?? held.Keys;
        }

        return await RefreshKeysAsync(stream.Issuer, stream.JwksUri, force: true, cancellation).ConfigureAwait(false) ?? new JsonWebKeySet();
    }

    /// <summary>Fetches the issuer's JWKS again unless it was fetched within <see cref="SsfSettings.JwksRefreshMs"/> (then null: a flood of unknown kids cannot make Vigil hammer the transmitter).</summary>
    private async Task<JsonWebKeySet?> RefreshKeysAsync(string issuer, string jwksUri, bool force, CancellationToken cancellation)
    {
        long now = NowMs;
        if (!force && _keys.TryGetValue(issuer, out var held) && now - held.FetchedMs < _settings.JwksRefreshMs)
        {
            return null;
        }

        try
        {
            using var response = await _http.Client.GetAsync(jwksUri, cancellation).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var keys = new JsonWebKeySet(await SsfReceiverHttp.ReadBoundedAsync(response, cancellation).ConfigureAwait(false));
            _keys[issuer] = (keys, now);
            return keys;
        }
        catch (Exception ex) when (!force && ex is HttpRequestException or InvalidDataException or ArgumentException or TaskCanceledException)
        {
            SsfLog.ReceiverCallFailed(_logger, issuer, "jwks", ex.Message);
            _keys[issuer] = (_keys.TryGetValue(issuer, out var old) ? old.Keys : new JsonWebKeySet(), now);
            return null;
        }
    }

    /// <summary>SSF 1.0 section 7.2.1: the well-known path goes between the host and the issuer's path.</summary>
    public static string DiscoveryUrl(string issuer)
    {
        var uri = new Uri(issuer);
        return uri.GetLeftPart(UriPartial.Authority) + SsfEndpoints.WellKnown + uri.AbsolutePath.TrimEnd('/');
    }

    private async Task<JsonElement> GetJsonAsync(string url, ReceiverStream? stream, CancellationToken cancellation)
    {
        using var message = Request(HttpMethod.Get, url, stream);
        using var response = await _http.Client.SendAsync(message, cancellation).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await SsfReceiverHttp.ReadBoundedAsync(response, cancellation).ConfigureAwait(false));
        return document.RootElement.Clone();
    }

    private Task<JsonElement> SendJsonAsync(HttpMethod method, string url, byte[] body, ReceiverRequest request, CancellationToken cancellation) =>
        SendJsonAsync(method, url, body, request.AuthorizationHeader, request.ApiKey, cancellation);

    private Task<JsonElement> SendJsonAsync(HttpMethod method, string url, byte[] body, ReceiverStream stream, CancellationToken cancellation) =>
        SendJsonAsync(method, url, body, stream.TransmitterAuthorization, stream.TransmitterApiKey, cancellation);

    private async Task<JsonElement> SendJsonAsync(HttpMethod method, string url, byte[] body, string? authorization, string? apiKey, CancellationToken cancellation)
    {
        using var message = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new("application/json");
        AddCredentials(message, authorization, apiKey);
        using var response = await _http.Client.SendAsync(message, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode}");
        }

        string text = await SsfReceiverHttp.ReadBoundedAsync(response, cancellation).ConfigureAwait(false);
        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    internal static HttpRequestMessage Request(HttpMethod method, string url, ReceiverStream? stream)
    {
        var message = new HttpRequestMessage(method, url);
        AddCredentials(message, stream?.TransmitterAuthorization, stream?.TransmitterApiKey);
        return message;
    }

    private static void AddCredentials(HttpRequestMessage message, string? authorization, string? apiKey)
    {
        if (authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (apiKey is not null)
        {
            message.Headers.TryAddWithoutValidation(Security.ApiKeyHandler.HeaderName, apiKey);
        }
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public const string ReceivePath = "/ssf/receive";
}
