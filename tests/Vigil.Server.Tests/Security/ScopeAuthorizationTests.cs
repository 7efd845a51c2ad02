using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Security;

namespace Vigil.Server.Tests.Security;

public sealed class ScopeAuthorizationTests
{
    [Fact]
    public async Task Every_route_declares_a_scope_a_caller_or_that_it_is_open()
    {
        await using var service = await TestService.StartAsync();
        var endpoints = service.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        Assert.NotEmpty(endpoints);
        var open = new List<string>();
        var consoleOpen = new List<string>();
        foreach (var endpoint in endpoints)
        {
            // The console's routes are checked by its own gate (sessions as well as keys, a page instead of a bare
            // 401/403), which every route of its group passes; an undeclared one there needs the admin scope.
            if (endpoint.Metadata.GetMetadata<Vigil.Server.AnalystConsole.ConsoleAccess>() is { } console)
            {
                if (console.Public)
                {
                    consoleOpen.Add(((RouteEndpoint)endpoint).RoutePattern.RawText!);
                }

                continue;
            }

            var required = endpoint.Metadata.GetMetadata<RequiredScope>();
            bool anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            Assert.True(required is not null || anonymous, $"{endpoint.DisplayName} declares neither a scope nor that it is open");
            if (required is null)
            {
                open.Add(((RouteEndpoint)endpoint).RoutePattern.RawText!);
            }
        }

        // The open routes are the ones an unauthenticated scraper, orchestrator or client must reach, and no other.
        // /ssf/receive/{id} likewise checks the stream's own bearer secret (a transmitter holds no Vigil key).
        // /v1/hooks/{name} is open to the framework only: the vendor holds no Vigil key, and the route checks the
        // hook's own secret before it reads a byte (HookTests).
        Assert.Equal(["/.well-known/authzen-configuration", "/.well-known/ssf-configuration", "/.well-known/ssf-configuration/{**path}", "/healthz", "/metrics", "/openapi/{documentName}.json", "/readyz", "/ssf/jwks.json", "/ssf/receive/{id}", "/v1/hooks/{name}"], open.Order(StringComparer.Ordinal));
        Assert.Equal(["/console/assets/{name}", "/console/callback", "/console/sign-in", "/console/signed-out"], consoleOpen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_caller_without_the_scope_is_forbidden_and_no_caller_is_challenged()
    {
        await using var service = await TestService.StartAsync();
        using var ingestOnly = service.ClientWithKey(await service.CreateKeyAsync("collector", "ingest"));
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, ingestOnly)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestOnly.GetAsync("/v1/policy")).StatusCode);

        using var nobody = service.ClientWithKey("");
        nobody.DefaultRequestHeaders.Remove("X-API-Key");
        var (challenged, _) = await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, nobody);
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        Assert.Equal("ApiKey", challenged.Headers.WwwAuthenticate.Single().Scheme);

        using var evaluator = service.ClientWithKey(await service.CreateKeyAsync("pep", "evaluate"));
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question, evaluator)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync("/access/v1/evaluation", new StringContent(TestService.Question, System.Text.Encoding.UTF8, "application/json"))).StatusCode); // admin holds every scope
        Assert.Equal(HttpStatusCode.OK, (await nobody.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Answers_routing_makes_itself_need_a_caller()
    {
        // A GET on a POST route is answered 405 by an endpoint routing creates, which declares nothing.
        await using var service = await TestService.StartAsync();
        using var nobody = service.ClientWithKey("");
        nobody.DefaultRequestHeaders.Remove("X-API-Key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/access/v1/evaluation")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await service.Client.GetAsync("/access/v1/evaluation")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nobody.GetAsync("/no/such/route")).StatusCode);
    }
}
