namespace Vigil.Server.Connectors;

/// <summary>One connector of the <c>--connectors</c> file (docs/connectors.md, "Pull connectors").</summary>
internal sealed record ConnectorSettings
{
    /// <summary>Unique name: the key of its saved cursor, its health entry and its metrics (letters, digits, '-', '_'; at most 64).</summary>
    public required string Name { get; init; }

    public required ConnectorType Type { get; init; }

    /// <summary>Okta: the org URL (https://example.okta.com). Entra: the Graph base (default https://graph.microsoft.com/v1.0, or /beta for non-interactive sign-ins).</summary>
    public required Uri Url { get; init; }

    /// <summary>Okta: the API token (SSWS) or an OAuth access token (Bearer). Entra: the client secret.</summary>
    public required SecretValue Secret { get; init; }

    /// <summary>Okta: <c>SSWS</c> (an API token, the default) or <c>Bearer</c> (an OAuth 2.0 access token).</summary>
    public string AuthScheme { get; init; } = "SSWS";

    /// <summary>Where the first call starts (Okta <c>since</c>, Graph <c>createdDateTime ge</c>). Default: 24 hours before the first start.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Records per page (Okta <c>limit</c>, Graph <c>$top</c>), 1..1,000. Default 1,000, both APIs' maximum.</summary>
    public int PageSize { get; init; } = 1_000;

    /// <summary>Seconds to wait after an empty page (Okta) or a finished sweep (Graph) before polling again, 1..3,600. Default 60.</summary>
    public int PollSeconds { get; init; } = 60;

    /// <summary>Entra: the OAuth 2.0 token endpoint for the client-credentials grant (https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token).</summary>
    public Uri? TokenEndpoint { get; init; }

    /// <summary>Entra: the application (client) id.</summary>
    public string? ClientId { get; init; }

    /// <summary>Entra: the scope asked for. Default https://graph.microsoft.com/.default.</summary>
    public string Scope { get; init; } = "https://graph.microsoft.com/.default";

    /// <summary>
    /// Entra: <c>signInEventTypes</c> to ask for (interactiveUser, nonInteractiveUser, servicePrincipal,
    /// managedIdentity); needs the /beta Graph base. Empty (the default): what /v1.0 returns, interactive sign-ins.
    /// </summary>
    public IReadOnlyList<string> SignInEventTypes { get; init; } = [];

    /// <summary>
    /// Webhooks: the request header that carries the shared secret (Okta event hooks let the admin name it; Auth0
    /// log streams always send <c>Authorization</c>). Default <c>Authorization</c>.
    /// </summary>
    public string HeaderName { get; init; } = "Authorization";

    /// <summary>Entra: minutes each sweep reaches back before the newest sign-in already read, for late sign-ins (0..1,440). Default 15.</summary>
    public int LookbackMinutes { get; init; } = 15;

    /// <summary>Syslog: the address and port listened on (default 0.0.0.0:6514).</summary>
    public System.Net.IPEndPoint? Listen { get; init; }

    /// <summary>Syslog: the server certificate for TLS (RFC 5425), from <c>certificateFile</c> and <c>keyFile</c> (PEM); null for plain TCP.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }

    /// <summary>Syslog: the longest frame taken, bytes (1,024..1,048,576). Default 65,536; a longer frame closes its connection.</summary>
    public int MaxMessageBytes { get; init; } = 64 << 10;

    /// <summary>Syslog: connections open at once (1..1,024). Default 64; more are closed as they come.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Syslog: seconds a connection may stay silent before it is closed (1..86,400). Default 600.</summary>
    public int IdleSeconds { get; init; } = 600;

    /// <summary>Syslog: the format of each message's MSG (<c>auto</c>, detected per message, by default).</summary>
    public Vigil.Core.Telemetry.Formats.LogFormat Format { get; init; } = Vigil.Core.Telemetry.Formats.LogFormat.Auto;

    /// <summary>ndjson-file: rotate once the file would pass this many bytes (the file's <c>maxFileKilobytes</c>, 1 KiB..10 GiB). Default 100 MiB.</summary>
    public long MaxFileBytes { get; init; } = 100L << 20;

    /// <summary>ndjson-file: files kept, the current one included (1..100). Default 5: <c>path</c>, <c>path.1</c> .. <c>path.4</c>.</summary>
    public int MaxFiles { get; init; } = 5;

    /// <summary>Exports: what is sent (<c>send</c>: decisions, alerts, risk-changes). Default all three.</summary>
    public ExportKinds Sends { get; init; } = ExportKinds.None;

    /// <summary>Exports: the documents' schema (<c>format</c>: <c>ecs</c>, the default, or <c>ocsf</c>).</summary>
    public ExportFormat DocumentFormat { get; init; } = ExportFormat.Ecs;

    /// <summary>elasticsearch: the index (or data stream) written to. Default <c>vigil</c>.</summary>
    public string Index { get; init; } = "vigil";

    /// <summary>syslog-export: TLS (RFC 5425) rather than plain TCP; the server's certificate is checked as HTTPS would.</summary>
    public bool Tls { get; init; }

    /// <summary>True for an export (a loop that sends what Vigil found, rather than one that reads a vendor).</summary>
    public bool IsExport => Type is ConnectorType.SplunkHec or ConnectorType.NdjsonHttp or ConnectorType.NdjsonFile or ConnectorType.Elasticsearch or ConnectorType.OtlpLogs or ConnectorType.SyslogExport;

    /// <summary>True for a webhook receiver (no loop: the vendor posts to <c>/v1/hooks/{name}</c>).</summary>
    public bool IsHook => Type is ConnectorType.OktaHook or ConnectorType.Auth0Stream;
}
