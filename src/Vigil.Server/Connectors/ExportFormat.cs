namespace Vigil.Server.Connectors;

/// <summary>The schema of the documents an export sends (its <c>format</c> setting).</summary>
internal enum ExportFormat
{
    /// <summary>Elastic Common Schema (<see cref="EcsDocument"/>).</summary>
    Ecs,

    /// <summary>Open Cybersecurity Schema Framework 1.x (<see cref="OcsfDocument"/>).</summary>
    Ocsf,
}
