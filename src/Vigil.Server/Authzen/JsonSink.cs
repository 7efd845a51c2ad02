using System.Buffers;
using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>Writes the mapped fields as one flat ECS JSON object with dotted keys (the journal's form). Reused per thread.</summary>
internal sealed class JsonSink : IEcsFieldSink, IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonSink() => _writer = new Utf8JsonWriter(_buffer);

    public void Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
    }

    /// <summary>The finished document, valid until the next <see cref="Start"/>.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    public void Value(string path, JsonElement value)
    {
        _writer.WritePropertyName(path);
        value.WriteTo(_writer);
    }

    public void Text(string path, string value) => _writer.WriteString(path, value);

    public void Number(string path, long value) => _writer.WriteNumber(path, value);

    public void Dispose() => _writer.Dispose();
}
