namespace Vigil.Core.Telemetry.Formats;

/// <summary>The log formats Vigil reads; docs/connectors.md maps each one's fields.</summary>
public enum LogFormat : byte
{
    /// <summary>Detect the format of each line from its distinguishing fields.</summary>
    Auto,
    /// <summary>Elastic Common Schema (docs/telemetry.md).</summary>
    Ecs,
    /// <summary>Okta System Log <c>LogEvent</c>.</summary>
    Okta,
    /// <summary>Microsoft Entra sign-in and audit logs, Graph API or Azure Monitor diagnostic-export shape.</summary>
    Entra,
    /// <summary>Auth0 tenant logs (Management API or log stream).</summary>
    Auth0,
    /// <summary>Keycloak login events and admin events.</summary>
    Keycloak,
    /// <summary>Google Workspace Reports API activities (login and admin audit).</summary>
    GoogleWorkspace,
    /// <summary>AWS CloudTrail records, one per line or a file with a <c>Records</c> array.</summary>
    CloudTrail,
    /// <summary>Duo authentication and administrator logs.</summary>
    Duo,
    /// <summary>OneLogin events.</summary>
    OneLogin,
    /// <summary>OCSF Authentication (3002) and Account Change (3001).</summary>
    Ocsf,
}
