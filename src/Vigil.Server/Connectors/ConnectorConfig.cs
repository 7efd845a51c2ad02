using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Server.Connectors;

/// <summary>
/// Reads the <c>--connectors</c> JSON file: <c>{"connectors": [{"name": ..., "type": "okta"|"entra", ...}]}</c>.
/// Every problem is collected with the place it is at (<c>connectors[1].url: ...</c>) and how to fix it; secrets
/// come from <c>...Env</c> (an environment variable) or <c>...File</c> (a file, e.g. a mounted secret), never inline.
/// </summary>
internal static class ConnectorConfig
{
    public const int MaxFileBytes = 1 << 20;
    public const int MaxConnectors = 32;

    /// <summary>Webhook secrets shorter than this are refused (16 random characters: about 95 bits).</summary>
    public const int MinHookSecretLength = 16;

    private static readonly string[] EventTypes = ["interactiveUser", "nonInteractiveUser", "servicePrincipal", "managedIdentity"];

    public static IReadOnlyList<ConnectorSettings> Load(string path, Func<string, string?> environment, List<string> errors)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            errors.Add($"--connectors '{path}' does not exist; give a JSON file with a \"connectors\" array (docs/connectors.md).");
            return [];
        }

        if (info.Length > MaxFileBytes)
        {
            errors.Add($"--connectors '{path}' is larger than 1 MiB.");
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Read(document.RootElement, environment, errors);
        }
        catch (JsonException ex)
        {
            errors.Add($"--connectors '{path}' is not valid JSON: {ex.Message}");
            return [];
        }
    }

    public static IReadOnlyList<ConnectorSettings> Read(JsonElement root, Func<string, string?> environment, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("connectors", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("connectors: missing; the file is {\"connectors\": [ ... ]} (pull connectors and exports alike).");
            return [];
        }

        if (list.GetArrayLength() > MaxConnectors)
        {
            errors.Add(FormattableString.Invariant($"connectors: {list.GetArrayLength()} entries; at most {MaxConnectors}."));
            return [];
        }

        var result = new List<ConnectorSettings>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            string at = FormattableString.Invariant($"connectors[{index++}]");
            int before = errors.Count;
            var settings = ReadOne(item, at, environment, errors);
            if (settings is not null && !names.Add(settings.Name))
            {
                errors.Add($"{at}.name: '{settings.Name}' is used twice; each connector needs its own name (it keys the saved cursor).");
            }

            if (settings is not null && errors.Count == before)
            {
                result.Add(settings);
            }
        }

        return result;
    }

    private static ConnectorSettings? ReadOne(JsonElement item, string at, Func<string, string?> environment, List<string> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at}: must be an object.");
            return null;
        }

        string? name = Text(item, "name", at, errors);
        if (name is null || name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{at}.name: give a name of 1 to 64 letters, digits, '-' or '_'.");
            name = null;
        }

        ConnectorType? type = Text(item, "type", at, errors) switch
        {
            "okta" => ConnectorType.Okta,
            "entra" => ConnectorType.Entra,
            "entra-audit" => ConnectorType.EntraAudit,
            "splunk-hec" => ConnectorType.SplunkHec,
            "ndjson-http" => ConnectorType.NdjsonHttp,
            "okta-hook" => ConnectorType.OktaHook,
            "auth0-stream" => ConnectorType.Auth0Stream,
            "syslog" => ConnectorType.Syslog,
            "ndjson-file" => ConnectorType.NdjsonFile,
            "elasticsearch" or "opensearch" => ConnectorType.Elasticsearch,
            "otlp-logs" => ConnectorType.OtlpLogs,
            "syslog-export" => ConnectorType.SyslogExport,
            _ => null,
        };
        if (type is null)
        {
            errors.Add($"{at}.type: must be \"okta\" or \"entra\" or \"entra-audit\" (pull), \"okta-hook\" or \"auth0-stream\" (webhooks), \"syslog\" (a receiver), or \"splunk-hec\", \"elasticsearch\" (or \"opensearch\"), \"otlp-logs\", \"syslog-export\", \"ndjson-http\" or \"ndjson-file\" (export).");
            return null;
        }

        if (type is ConnectorType.NdjsonFile)
        {
            string? path = Text(item, "path", at, errors);
            if (path is null || !Path.IsPathFullyQualified(path) || path.EndsWith('/') || path.EndsWith('\\'))
            {
                errors.Add($"{at}.path: give the file's absolute path, e.g. /var/log/vigil/decisions.ndjson.");
                path = null;
            }

            long maxBytes = Int(item, "maxFileKilobytes", 102_400, 1, 10_485_760, at, errors) * 1024L;
            int maxFiles = Int(item, "maxFiles", 5, 1, 100, at, errors);
            var export = Export(item, at, errors);
            return name is null || path is null
                ? null
                : export with { Name = name, Type = ConnectorType.NdjsonFile, Url = new Uri(path), MaxFileBytes = maxBytes, MaxFiles = maxFiles };
        }

        if (type is ConnectorType.SyslogExport)
        {
            string? address = Text(item, "address", at, errors);
            int colon = address?.LastIndexOf(':') ?? -1;
            Uri? target = null;
            if (address is null || colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535
                || !Uri.TryCreate("tcp://" + address, UriKind.Absolute, out target))
            {
                errors.Add($"{at}.address: give the syslog server's host and port, e.g. siem.example.com:6514 or 10.0.0.5:514.");
            }

            bool tls = false;
            if (item.TryGetProperty("tls", out var tlsValue))
            {
                if (tlsValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    tls = tlsValue.GetBoolean();
                }
                else
                {
                    errors.Add($"{at}.tls: must be true (RFC 5425, the server's certificate checked) or false (plain TCP).");
                }
            }

            var export = Export(item, at, errors);
            return name is null || target is null ? null : export with { Name = name, Type = ConnectorType.SyslogExport, Url = target, Tls = tls };
        }

        if (type is ConnectorType.Syslog)
        {
            return name is null ? null : ReadSyslog(item, name, at, errors);
        }

        if (type is ConnectorType.OktaHook or ConnectorType.Auth0Stream)
        {
            return name is null ? null : ReadHook(item, name, type.Value, at, environment, errors);
        }

        if (type is ConnectorType.SplunkHec or ConnectorType.NdjsonHttp or ConnectorType.Elasticsearch or ConnectorType.OtlpLogs)
        {
            var target = Url(Text(item, "url", at, errors) ?? "", $"{at}.url", errors, required: true);
            // Splunk and generic endpoints always take a token; a local OpenSearch or collector may take none.
            bool optional = type is ConnectorType.Elasticsearch or ConnectorType.OtlpLogs;
            var token = optional && !item.TryGetProperty("tokenEnv", out _) && !item.TryGetProperty("tokenFile", out _) && !item.TryGetProperty("token", out _)
                ? new SecretValue("", "none")
                : Secret(item, "token", at, environment, errors);
            string authScheme = type switch { ConnectorType.SplunkHec => "Splunk", ConnectorType.Elasticsearch => "ApiKey", _ => "Bearer" };
            if (type == ConnectorType.Elasticsearch)
            {
                switch (Text(item, "auth", at, errors)?.ToUpperInvariant())
                {
                    case null or "APIKEY": break;
                    case "BASIC": authScheme = "Basic"; break;
                    case "BEARER": authScheme = "Bearer"; break;
                    default: errors.Add($"{at}.auth: must be \"apikey\" (the encoded API key), \"basic\" (user:password) or \"bearer\"."); break;
                }
            }

            string index = Text(item, "index", at, errors) ?? "vigil";
            if (index.Length is 0 or > 255 || index.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')) || index[0] is '-' or '_' or '+' or '.')
            {
                // Elasticsearch's own rule for index names: lower case, no spaces or \ / * ? " < > | , #, not starting with - _ +.
                errors.Add($"{at}.index: '{Cut(index)}' is not an index name: lower-case letters, digits, '-', '_' or '.', not starting with '-', '_' or '.'.");
            }

            var export = Export(item, at, errors);
            return name is null || target is null || token is null
                ? null
                : export with { Name = name, Type = type.Value, Url = target, Secret = token, AuthScheme = authScheme, Index = index };
        }

        string defaultUrl = type == ConnectorType.Okta ? "" : "https://graph.microsoft.com/v1.0";
        var url = Url(Text(item, "url", at, errors) ?? defaultUrl, $"{at}.url", errors, required: true);
        var secret = type == ConnectorType.Okta ? Secret(item, "token", at, environment, errors) : Secret(item, "clientSecret", at, environment, errors);
        int pageSize = Int(item, "pageSize", 1_000, 1, 1_000, at, errors);
        int poll = Int(item, "pollSeconds", 60, 1, 3_600, at, errors);
        DateTimeOffset? since = null;
        if (Text(item, "since", at, errors) is { } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                errors.Add($"{at}.since: '{Cut(sinceText)}' is not an ISO 8601 time, e.g. 2024-01-01T00:00:00Z.");
            }
        }

        string scheme = "SSWS";
        Uri? tokenEndpoint = null;
        string? clientId = null;
        string scope = "https://graph.microsoft.com/.default";
        var eventTypes = new List<string>();
        int lookback = 15;
        if (type == ConnectorType.Okta)
        {
            switch (Text(item, "auth", at, errors)?.ToUpperInvariant())
            {
                case null or "SSWS": break;
                case "BEARER": scheme = "Bearer"; break;
                default: errors.Add($"{at}.auth: must be \"ssws\" (an API token) or \"bearer\" (an OAuth 2.0 access token)."); break;
            }
        }
        else
        {
            tokenEndpoint = Url(Text(item, "tokenEndpoint", at, errors) ?? "", $"{at}.tokenEndpoint", errors, required: true);
            clientId = Text(item, "clientId", at, errors);
            if (string.IsNullOrWhiteSpace(clientId))
            {
                errors.Add($"{at}.clientId: missing; give the application (client) id registered in Entra.");
            }

            scope = Text(item, "scope", at, errors) ?? scope;
            lookback = Int(item, "lookbackMinutes", 15, 0, 1_440, at, errors);
            if (item.TryGetProperty("signInEventTypes", out var types))
            {
                foreach (var t in types.ValueKind == JsonValueKind.Array ? types.EnumerateArray() : default)
                {
                    if (t.ValueKind == JsonValueKind.String && EventTypes.Contains(t.GetString(), StringComparer.Ordinal))
                    {
                        eventTypes.Add(t.GetString()!);
                    }
                    else
                    {
                        errors.Add($"{at}.signInEventTypes: each must be one of {string.Join(", ", EventTypes)}.");
                        break;
                    }
                }
            }
        }

        return name is null || url is null || secret is null
            ? null
            : new ConnectorSettings
            {
                Name = name,
                Type = type.Value,
                Url = url,
                Secret = secret,
                AuthScheme = scheme,
                Since = since,
                PageSize = pageSize,
                PollSeconds = poll,
                TokenEndpoint = tokenEndpoint,
                ClientId = clientId,
                Scope = scope,
                SignInEventTypes = eventTypes,
                LookbackMinutes = lookback,
            };
    }

    /// <summary>
    /// A webhook: the shared secret the vendor sends in <c>header</c> (Okta: the name the admin chose, default
    /// Authorization; Auth0: always Authorization, the stream's "Authorization Token" as is).
    /// </summary>
    private static ConnectorSettings? ReadHook(JsonElement item, string name, ConnectorType type, string at, Func<string, string?> environment, List<string> errors)
    {
        var secret = Secret(item, "secret", at, environment, errors);
        if (secret is not null && secret.Reveal().Length < MinHookSecretLength)
        {
            // The endpoint is reachable by anyone who can reach the service; a short secret could be guessed.
            errors.Add(FormattableString.Invariant($"{at}: the secret ({secret}) is shorter than {MinHookSecretLength} characters; give a random value of at least {MinHookSecretLength}."));
            secret = null;
        }

        string header = Text(item, "header", at, errors) ?? "Authorization";
        if (type == ConnectorType.Auth0Stream && !header.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{at}.header: Auth0 log streams always send the secret in Authorization; leave header out.");
            return null;
        }

        if (header.Length is 0 or > 64 || !header.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            || header.Equals("X-API-Key", StringComparison.OrdinalIgnoreCase) || header.Equals("X-Okta-Verification-Challenge", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{at}.header: give a header name of 1 to 64 letters, digits or '-', other than X-API-Key (Vigil's own keys) and X-Okta-Verification-Challenge.");
            return null;
        }

        return secret is null
            ? null
            : new ConnectorSettings { Name = name, Type = type, Url = new Uri("/v1/hooks/" + name, UriKind.Relative), Secret = secret, HeaderName = header };
    }

    /// <summary>A syslog receiver: where it listens, its TLS certificate (PEM files), its bounds and the messages' format.</summary>
    private static ConnectorSettings? ReadSyslog(JsonElement item, string name, string at, List<string> errors)
    {
        int before = errors.Count;
        string listenText = Text(item, "listen", at, errors) ?? "0.0.0.0:6514";
        if (!IPEndPoint.TryParse(listenText, out var listen) || listen.Port is < 0 or > 65535 || (listen.Port == 0 && !listenText.EndsWith(":0", StringComparison.Ordinal)))
        {
            errors.Add($"{at}.listen: '{Cut(listenText)}' is not an address and port, e.g. 0.0.0.0:6514 or [::]:6514.");
        }

        LogFormat format = LogFormat.Auto;
        if (Text(item, "format", at, errors) is { } formatText && (!LogFormats.TryParse(formatText, out format) || format == LogFormat.Ecs && !formatText.Equals("ecs", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{at}.format: '{Cut(formatText)}' is not one of {string.Join(", ", LogFormats.Names)}.");
        }

        int maxMessage = Int(item, "maxMessageBytes", 64 << 10, 1_024, 1 << 20, at, errors);
        int maxConnections = Int(item, "maxConnections", 64, 1, 1_024, at, errors);
        int idle = Int(item, "idleSeconds", 600, 1, 86_400, at, errors);
        X509Certificate2? certificate = null;
        string? certificateFile = Text(item, "certificateFile", at, errors);
        string? keyFile = Text(item, "keyFile", at, errors);
        if ((certificateFile is null) != (keyFile is null))
        {
            errors.Add($"{at}: give both certificateFile and keyFile (PEM) for TLS, or neither for plain TCP.");
        }
        else if (certificateFile is not null)
        {
            try
            {
                certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
                if (!certificate.HasPrivateKey)
                {
                    errors.Add($"{at}.keyFile: '{Cut(keyFile!)}' holds no private key for the certificate.");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                errors.Add($"{at}.certificateFile: '{Cut(certificateFile)}' with '{Cut(keyFile!)}' cannot be read as a PEM certificate and key ({ex.GetType().Name}).");
            }
        }

        return errors.Count > before || listen is null
            ? null
            : new ConnectorSettings
            {
                Name = name,
                Type = ConnectorType.Syslog,
                Url = new Uri(certificate is null ? "tcp://" + listen : "tls://" + listen),
                Secret = new SecretValue("", "none"),
                Listen = listen,
                Certificate = certificate,
                MaxMessageBytes = maxMessage,
                MaxConnections = maxConnections,
                IdleSeconds = idle,
                Format = format,
            };
    }

    /// <summary>
    /// What every export shares: <c>send</c> (any of decisions, alerts, risk-changes; default all three), <c>format</c>
    /// (ecs or ocsf), <c>pageSize</c> (records read per batch) and <c>pollSeconds</c> (the wait once nothing is new).
    /// </summary>
    private static ConnectorSettings Export(JsonElement item, string at, List<string> errors)
    {
        var sends = ExportKinds.All;
        if (item.TryGetProperty("send", out var send))
        {
            sends = ExportKinds.None;
            foreach (var kind in send.ValueKind == JsonValueKind.Array ? send.EnumerateArray() : default)
            {
                var one = kind.ValueKind == JsonValueKind.String ? kind.GetString() switch
                {
                    "decisions" => ExportKinds.Decisions,
                    "alerts" => ExportKinds.Alerts,
                    "risk-changes" => ExportKinds.RiskChanges,
                    _ => ExportKinds.None,
                } : ExportKinds.None;
                if (one == ExportKinds.None)
                {
                    sends = ExportKinds.None;
                    break;
                }

                sends |= one;
            }

            if (sends == ExportKinds.None)
            {
                errors.Add($"{at}.send: give a non-empty array of \"decisions\", \"alerts\" and \"risk-changes\" (leave it out for all three).");
            }
        }

        var format = ExportFormat.Ecs;
        switch (Text(item, "format", at, errors))
        {
            case null or "ecs": break;
            case "ocsf": format = ExportFormat.Ocsf; break;
            default: errors.Add($"{at}.format: must be \"ecs\" (Elastic Common Schema, the default) or \"ocsf\" (OCSF {OcsfDocument.SchemaVersion})."); break;
        }

        return new ConnectorSettings
        {
            Name = "",
            Type = ConnectorType.NdjsonHttp,
            Url = new Uri("about:blank"),
            Secret = new SecretValue("", "none"),
            Sends = sends,
            DocumentFormat = format,
            PageSize = Int(item, "pageSize", 500, 1, 1_000, at, errors),
            PollSeconds = Int(item, "pollSeconds", 5, 1, 3_600, at, errors),
        };
    }

    /// <summary>An https URL; http only to a loopback host (a local fake or proxy), so a credential never crosses a network in clear.</summary>
    public static Uri? Url(string text, string at, List<string> errors, bool required)
    {
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add($"{at}: missing; give an https:// URL.");
            }

            return null;
        }

        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            errors.Add($"{at}: '{Cut(text)}' is not an https:// URL without query (http only to a loopback host).");
            return null;
        }

        return uri;
    }

    private static bool IsLoopback(Uri uri) => uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));

    private static SecretValue? Secret(JsonElement item, string key, string at, Func<string, string?> environment, List<string> errors)
    {
        string? env = Text(item, key + "Env", at, errors);
        string? file = Text(item, key + "File", at, errors);
        if (item.TryGetProperty(key, out _))
        {
            errors.Add($"{at}.{key}: secrets are not written in the file; use {key}Env (an environment variable) or {key}File (a file holding it).");
            return null;
        }

        if ((env is null) == (file is null))
        {
            errors.Add($"{at}: give exactly one of {key}Env (an environment variable) or {key}File (a file holding it).");
            return null;
        }

        if (env is not null)
        {
            string? value = environment(env);
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{at}.{key}Env: the environment variable '{Cut(env)}' is not set.");
                return null;
            }

            return new SecretValue(value.Trim(), $"env {env}");
        }

        try
        {
            if (new FileInfo(file!).Length > 64 << 10)
            {
                errors.Add($"{at}.{key}File: '{Cut(file!)}' is larger than 64 KiB; it should hold only the secret.");
                return null;
            }

            string value = File.ReadAllText(file!).Trim();
            if (value.Length == 0)
            {
                errors.Add($"{at}.{key}File: '{Cut(file!)}' is empty.");
                return null;
            }

            return new SecretValue(value, $"file {file}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{at}.{key}File: '{Cut(file!)}' cannot be read ({ex.GetType().Name}).");
            return null;
        }
    }

    private static string? Text(JsonElement item, string key, string at, List<string> errors)
    {
        if (!item.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{at}.{key}: must be a string.");
            return null;
        }

        return value.GetString();
    }

    private static int Int(JsonElement item, string key, int fallback, int min, int max, string at, List<string> errors)
    {
        if (!item.TryGetProperty(key, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int n) || n < min || n > max)
        {
            errors.Add(FormattableString.Invariant($"{at}.{key}: must be a whole number from {min} to {max}."));
            return fallback;
        }

        return n;
    }

    private static string Cut(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
