using Vigil.Server.Http;

namespace Vigil.Server.Tests.Http;

public sealed class PooledBodyTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(10, 10L)]
    [InlineData(300_000, null)]      // chunked: no length given, the buffer grows from 64 KB
    [InlineData(300_000, 300_000L)]
    [InlineData(200_000, 1_000L)]    // a wrong Content-Length is not trusted
    public async Task The_whole_body_is_read_whatever_the_length_given(int size, long? contentLength)
    {
        byte[] data = new byte[size];
        new Random(size).NextBytes(data);
        using var body = await PooledBody.ReadAsync(new MemoryStream(data), contentLength, CancellationToken.None);
        Assert.Equal(data, body.Memory.ToArray());
        body.Dispose();
        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }
}
