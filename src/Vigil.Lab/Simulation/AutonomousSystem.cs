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
        AsJson = EcsWriter.Render(w =>
        {
            w.WriteNumber("number", number);
            w.WriteStartObject("organization");
            w.WriteString("name", EncodedName);
            w.WriteEndObject();
        });
    }

    public int Number { get; }

    public string Name { get; }

    public NetworkKind Kind { get; }

    public JsonEncodedText EncodedName { get; }

    /// <summary>The ECS <c>source.as</c> object, rendered once.</summary>
    public byte[] AsJson { get; }
}
