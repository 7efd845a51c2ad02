using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Server.Security;

namespace Vigil.Server.Tests.Security;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task A_key_keeps_working_and_the_same_id_with_another_secret_is_refused_after_it_was_accepted()
    {
        await using var service = await TestService.StartAsync();
        string key = await service.CreateKeyAsync("pep", "evaluate");
        using var client = service.ClientWithKey(key);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, client)).Response.StatusCode);
        }

        // Same id, same length, one character of the secret changed: the remembered secret must not let it through.
        char last = key[^1];
        string forged = key[..^1] + (last == 'A' ? 'B' : 'A');
        using var forger = service.ClientWithKey(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, forger)).Response.StatusCode);
        using var shorter = service.ClientWithKey(key[..^1]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, shorter)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, client)).Response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        await using var service = await TestService.StartAsync();
        string key = await service.CreateKeyAsync("pep", "evaluate");
        using var client = service.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, client)).Response.StatusCode);

        string keyId = key.Substring("vgk_".Length, 12);
        using var revoke = await service.Client.DeleteAsync($"/v1/admin/api-keys/{keyId}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, client)).Response.StatusCode);
        using var again = await service.Client.DeleteAsync("/v1/admin/api-keys/000000000000");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_refused_key_is_checked_and_logged_once_per_request()
    {
        // The framework's own authentication middleware must not run as well (WebApplication adds it by itself
        // unless told it is there): it would check every key a second time.
        var logs = new CapturedLogs();
        await using var service = await TestService.StartAsync(configureBuilder: b => b.Logging.AddProvider(logs));
        using var client = service.ClientWithKey("vgk_0123456789ab_unknownsecret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, client)).Response.StatusCode);
        Assert.Single(logs.Messages, m => m.Contains("unknown or revoked API key", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("unknownsecret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Made_up_key_ids_do_not_grow_the_cache_without_bound()
    {
        await using var service = await TestService.StartAsync();
        var keys = service.Services.GetRequiredService<ApiKeyService>();
        for (int i = 0; i < ApiKeyService.MaxUnknownCached + 500; i++)
        {
            Assert.Null(keys.Verify($"vgk_{i:x12}_made-up-secret"));
        }

        Assert.InRange(keys.CachedKeys, 1, ApiKeyService.MaxUnknownCached);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question)).Response.StatusCode); // real keys are still remembered
    }

    [Theory]
    [InlineData("vgk_")]
    [InlineData("vgk_0123456789ab")]
    [InlineData("vgk_0123456789ab_")]
    [InlineData("vgk_0123456789abXsecret")]
    [InlineData("vgk_0123456789ab_unknownsecret")]
    [InlineData("not-a-key")]
    public async Task Malformed_and_unknown_keys_are_refused(string key)
    {
        await using var service = await TestService.StartAsync();
        using var client = service.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, client)).Response.StatusCode);
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
