namespace Vigil.Server.Connectors;

/// <summary>The vendor API a connector pulls from.</summary>
public enum ConnectorType
{
    /// <summary>Okta System Log API, <c>GET /api/v1/logs</c>.</summary>
    Okta,

    /// <summary>Microsoft Graph sign-in logs, <c>GET /auditLogs/signIns</c>.</summary>
    Entra,
}
