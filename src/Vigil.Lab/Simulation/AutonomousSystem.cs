using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>A synthetic autonomous system. Numbers come from the private-use range 64512..65534 (RFC 6996) so
/// they never collide with a real network.</summary>
internal sealed class AutonomousSystem
{
    public AutonomousSystem(int number, string name, NetworkKind kind)
    {
        Number = number;
        Name = name;
        Kind = kind;
        EncodedName = JsonEncodedText.Encode(name, EcsWriter.Encoder);
    }

    public int Number { get; }

    public string Name { get; }

    public NetworkKind Kind { get; }

    public JsonEncodedText EncodedName { get; }
}
