using System.Text.Json;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The receiver-supplied members of a stream configuration (SSF 1.0 section 8.1.1) in a create, update or replace
/// request. Transmitter-supplied members in a request (iss, aud, events_supported ...) are ignored, as section 8.1.1.3
/// allows. Each member is null when absent.
/// </summary>
internal sealed record StreamRequest(string? StreamId, string? Method, string? EndpointUrl, string? AuthorizationHeader, bool HasDelivery, IReadOnlyList<string>? EventsRequested, string? Description, bool HasDescription)
{
    private const int MaxEvents = 64;
    private const int MaxUriLength = 2048;
    private const int MaxDescription = 1024;

    /// <summary>The request, or null and <paramref name="error"/> naming the member that is wrong and how.</summary>
    public static StreamRequest? Parse(JsonElement root, bool requireId, SsfSettings settings, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the body must be a JSON object (a stream configuration, SSF 1.0 section 8.1.1)";
            return null;
        }

        string? streamId = null;
        if (root.TryGetProperty("stream_id", out var id))
        {
            if (id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
            {
                error = "stream_id must be a non-empty string";
                return null;
            }

            streamId = id.GetString();
        }
        else if (requireId)
        {
            error = "stream_id is required";
            return null;
        }

        string? method = null, url = null, authorization = null;
        bool hasDelivery = root.TryGetProperty("delivery", out var delivery) && delivery.ValueKind != JsonValueKind.Null;
        if (hasDelivery)
        {
            if (delivery.ValueKind != JsonValueKind.Object)
            {
                error = "delivery must be an object with a method";
                return null;
            }

            method = delivery.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (method is not (SsfEventTypes.Push or SsfEventTypes.Poll))
            {
                error = $"delivery.method must be {SsfEventTypes.Push} (push) or {SsfEventTypes.Poll} (poll)";
                return null;
            }

            if (method == SsfEventTypes.Push)
            {
                url = delivery.TryGetProperty("endpoint_url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                if (url is null || url.Length > MaxUriLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    || !(uri.Scheme == Uri.UriSchemeHttps || (settings.AllowHttpPush && uri.Scheme == Uri.UriSchemeHttp)) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
                {
                    error = "delivery.endpoint_url must be the receiver's absolute https URL (without user info or fragment) for push delivery";
                    return null;
                }

                if (SsfAddressPolicy.Refusal(uri, settings) is { } refused)
                {
                    error = $"delivery.endpoint_url names a {refused} address, which push delivery may not reach (--ssf-allow-push-network allows a network)";
                    return null;
                }

                if (delivery.TryGetProperty("authorization_header", out var a) && a.ValueKind != JsonValueKind.Null)
                {
                    if (a.ValueKind != JsonValueKind.String || a.GetString()!.Length is 0 or > 4096 || a.GetString()!.AsSpan().ContainsAny('\r', '\n'))
                    {
                        error = "delivery.authorization_header must be a one-line string of at most 4096 characters";
                        return null;
                    }

                    authorization = a.GetString();
                }
            }
            else if (delivery.TryGetProperty("endpoint_url", out var u) && u.ValueKind != JsonValueKind.Null)
            {
                error = "delivery.endpoint_url is supplied by the transmitter for poll delivery; leave it out";
                return null;
            }
        }

        List<string>? events = null;
        if (root.TryGetProperty("events_requested", out var requested) && requested.ValueKind != JsonValueKind.Null)
        {
            if (requested.ValueKind != JsonValueKind.Array || requested.GetArrayLength() > MaxEvents)
            {
                error = $"events_requested must be an array of at most {MaxEvents} event type URIs";
                return null;
            }

            events = [];
            int index = 0;
            foreach (var e in requested.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String || e.GetString()!.Length is 0 or > MaxUriLength)
                {
                    error = $"events_requested[{index}] must be an event type URI (a non-empty string)";
                    return null;
                }

                if (!events.Contains(e.GetString()!))
                {
                    events.Add(e.GetString()!);
                }

                index++;
            }
        }

        string? description = null;
        bool hasDescription = root.TryGetProperty("description", out var d) && d.ValueKind != JsonValueKind.Null;
        if (hasDescription)
        {
            if (d.ValueKind != JsonValueKind.String || d.GetString()!.Length > MaxDescription)
            {
                error = $"description must be a string of at most {MaxDescription} characters";
                return null;
            }

            description = d.GetString();
        }

        return new StreamRequest(streamId, method, url, authorization, hasDelivery, events, description, hasDescription);
    }
}
