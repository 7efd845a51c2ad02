using System.Globalization;
using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>A planned attack campaign and the ground truth counted while its events are written.</summary>
internal sealed class Campaign
{
    public Campaign(int number, AttackType type, int day, Identity? target)
    {
        Number = number;
        Type = type;
        Day = day;
        Target = target;
        Id = string.Create(CultureInfo.InvariantCulture, $"atk-{number:D4}");
        EncodedId = JsonEncodedText.Encode(Id, EcsWriter.Encoder);
        EncodedType = JsonEncodedText.Encode(AttackTypeNames.ToLabel(type), EcsWriter.Encoder);
    }

    public int Number { get; }

    public AttackType Type { get; }

    /// <summary>Simulated day the campaign starts on.</summary>
    public int Day { get; }

    public Identity? Target { get; }

    public string Id { get; }

    public JsonEncodedText EncodedId { get; }

    public JsonEncodedText EncodedType { get; }

    public long Events { get; set; }

    public long FirstMs { get; set; } = long.MaxValue;

    public long LastMs { get; set; } = long.MinValue;
}
