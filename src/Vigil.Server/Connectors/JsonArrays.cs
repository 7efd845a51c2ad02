using System.Text.Json;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Server.Connectors;

/// <summary>The elements of a vendor's JSON array page, as byte ranges (no document is built).</summary>
internal static class JsonArrays
{
    /// <summary>The ranges of the elements of the array in <paramref name="json"/>; throws <see cref="ConnectorException"/> when it is not one array.</summary>
    public static List<Range> Split(ReadOnlySpan<byte> json, string what)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = FormatEventReader.MaxDepth });
        var elements = new List<Range>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new ConnectorException($"{what} is not a JSON array.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                elements.Add(start..(int)reader.BytesConsumed);
            }

            if (reader.Read())
            {
                throw new ConnectorException($"{what} has data after its array.");
            }
        }
        catch (JsonException ex)
        {
            throw new ConnectorException(FormattableString.Invariant($"{what} is not valid JSON at byte {ex.BytePositionInLine ?? reader.BytesConsumed}."));
        }

        return elements;
    }
}
