using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>Something an identity reads or changes, named the way ECS names it for its kind.</summary>
internal sealed class Resource
{
    public Resource(string id, ResourceKind kind, Sensitivity sensitivity, string department, string domain, string path)
    {
        Id = id;
        Kind = kind;
        Sensitivity = sensitivity;
        Department = department;
        Domain = domain;
        Path = path;
        EncodedId = JsonEncodedText.Encode(id, EcsWriter.Encoder);
        EncodedServiceName = JsonEncodedText.Encode(id, EcsWriter.Encoder);
        EncodedDomain = JsonEncodedText.Encode(domain, EcsWriter.Encoder);
        EncodedPath = JsonEncodedText.Encode(path, EcsWriter.Encoder);
        EncodedSensitivity = sensitivity switch
        {
            Sensitivity.Low => EcsWriter.SensLow,
            Sensitivity.Medium => EcsWriter.SensMedium,
            Sensitivity.High => EcsWriter.SensHigh,
            _ => EcsWriter.SensCritical,
        };
        MedianBytes = kind switch
        {
            ResourceKind.FileShare => 400_000,
            ResourceKind.Database => 120_000,
            ResourceKind.Api or ResourceKind.AgentTool => 6_000,
            ResourceKind.AdminConsole => 30_000,
            _ => 60_000,
        };
    }

    public int Index { get; init; }

    public string Id { get; }

    public ResourceKind Kind { get; }

    public Sensitivity Sensitivity { get; }

    /// <summary>Owning department, or "all" for company-wide resources.</summary>
    public string Department { get; }

    public string Domain { get; }

    public string Path { get; }

    public double MedianBytes { get; }

    public JsonEncodedText EncodedId { get; }

    public JsonEncodedText EncodedServiceName { get; }

    public JsonEncodedText EncodedDomain { get; }

    public JsonEncodedText EncodedPath { get; }

    public JsonEncodedText EncodedSensitivity { get; }
}
