#:project ../src/Vigil.Core/Vigil.Core.csproj
#:property TreatWarningsAsErrors=false
// Measures the engine's managed memory per identity (docs/storage.md, "Engine memory"):
//   dotnet run eng/identity-bytes.cs -- 1000000
// Each identity signs in once from its own address (the state a new identity costs); peer groups are shared (20).
using System.Globalization;
using System.Net;
using Vigil.Core.Engine;
using Vigil.Core.Telemetry;

int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
long start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
var engine = new VigilEngine();
engine.Observe(new TelemetryEvent { TimestampMs = start, Kind = EventKind.SignIn, Outcome = EventOutcome.Success, SubjectId = "warm-up", Country = "DE" });
long before = GC.GetTotalMemory(forceFullCollection: true);
for (int n = 0; n < count; n++)
{
    engine.Observe(new TelemetryEvent
    {
        TimestampMs = start + n,
        Kind = EventKind.SignIn,
        Outcome = EventOutcome.Success,
        SubjectId = "user" + n.ToString("D7", CultureInfo.InvariantCulture),
        Department = "department-" + (n % 20).ToString(CultureInfo.InvariantCulture),
        SourceIp = new IPAddress([81, (byte)(n >> 16), (byte)(n >> 8), (byte)n]),
        Country = "DE",
        DeviceId = "device" + n.ToString(CultureInfo.InvariantCulture),
    });
}

long after = GC.GetTotalMemory(forceFullCollection: true);
using var checkpoint = new CountingStream();
engine.WriteCheckpoint(checkpoint);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{count} identities: {(after - before) / (double)count:F0} managed bytes each ({after - before} in all), checkpoint {checkpoint.Length / (double)count:F0} bytes each"));
GC.KeepAlive(engine);

sealed class CountingStream : Stream
{
    private long _length;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => _length += count;
    public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
}
