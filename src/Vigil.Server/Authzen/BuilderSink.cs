using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using Vigil.Core.Telemetry;

namespace Vigil.Server.Authzen;

/// <summary>
/// Hands the mapped fields straight to an <see cref="EcsEventBuilder"/>: request values as their raw JSON bytes,
/// so they are converted exactly as the ECS reader converts them. Reused per thread.
/// </summary>
internal sealed class BuilderSink : IEcsFieldSink, IDisposable
{
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly Utf8JsonWriter _writer;

    public BuilderSink() => _writer = new Utf8JsonWriter(_scratch);

    public EcsEventBuilder Builder { get; } = new();

    public void Start() => Builder.Clear();

    public void Value(string path, JsonElement value) => Builder.Add(path, JsonMarshal.GetRawUtf8Value(value));

    public void Text(string path, string value)
    {
        _scratch.ResetWrittenCount();
        _writer.Reset(_scratch);
        _writer.WriteStringValue(value);
        _writer.Flush();
        Builder.Add(path, _scratch.WrittenSpan);
    }

    public void Number(string path, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int written);
        Builder.Add(path, digits[..written]);
    }

    public void Dispose() => _writer.Dispose();
}
