namespace Vigil.Server.Connectors;

/// <summary>The vendor API a connector pulls from, or the SIEM endpoint an export pushes to.</summary>
internal enum ConnectorType
{
    /// <summary>Okta System Log API, <c>GET /api/v1/logs</c>.</summary>
    Okta,

    /// <summary>Microsoft Graph sign-in logs, <c>GET /auditLogs/signIns</c>.</summary>
    Entra,

    /// <summary>Microsoft Graph directory audits, <c>GET /auditLogs/directoryAudits</c>.</summary>
    EntraAudit,

    /// <summary>Export: Splunk HTTP Event Collector, <c>POST /services/collector/event</c>.</summary>
    SplunkHec,

    /// <summary>Export: ECS documents as NDJSON posted to any HTTP endpoint (Logstash or Vector http input, a collector).</summary>
    NdjsonHttp,

    /// <summary>Export: ECS documents appended to a local NDJSON file, rotated by size (a file shipper reads it).</summary>
    NdjsonFile,

    /// <summary>Push: Okta event hooks, received at <c>/v1/hooks/{name}</c> (verification GET, then POSTs of System Log events).</summary>
    OktaHook,

    /// <summary>Push: an Auth0 log stream (custom webhook), received at <c>/v1/hooks/{name}</c> (POSTs of log events).</summary>
    Auth0Stream,

    /// <summary>Push: a syslog receiver, RFC 5424 over TCP or TLS (RFC 6587 framing), each message a vendor's JSON event.</summary>
    Syslog,

    /// <summary>Export: the Elasticsearch / OpenSearch bulk API, <c>POST /_bulk</c> (NDJSON action and document lines).</summary>
    Elasticsearch,

    /// <summary>Export: OpenTelemetry logs over OTLP/HTTP with JSON encoding, <c>POST /v1/logs</c>.</summary>
    OtlpLogs,

    /// <summary>Export: RFC 5424 syslog messages over TCP or TLS (RFC 6587 octet counting), one document each.</summary>
    SyslogExport,
}
