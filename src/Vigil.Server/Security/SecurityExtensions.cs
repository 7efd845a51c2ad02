using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Server.Security;

/// <summary>Authentication (API keys, and bearer JWTs from an OIDC issuer when configured), per-scope authorization and rate limiting.</summary>
internal static class SecurityExtensions
{
    private const string Selector = "Vigil";

    public static IServiceCollection AddVigilSecurity(this IServiceCollection services, ServerOptions options)
    {
        // Without an identity provider API keys are the only scheme, used directly: a forwarding scheme in front of
        // them would cost a second handler per request for nothing.
        var auth = services.AddAuthentication(options.JwtAuthority is null ? ApiKeyHandler.SchemeName : Selector)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);

        if (options.JwtAuthority is not null)
        {
            auth.AddPolicyScheme(Selector, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyHandler.HeaderName) ? ApiKeyHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme);
            auth.AddJwtBearer(o =>
            {
                // Discovery and JWKS from the issuer; the configuration manager refetches the key set when a token
                // names an unknown key id, so the issuer's key rotation is followed without a restart.
                o.Authority = options.JwtAuthority;
                o.Audience = options.JwtAudience;
                o.RequireHttpsMetadata = !options.JwtAllowHttp;
                o.MapInboundClaims = false;
                o.RefreshOnIssuerKeyNotFound = true;
                o.RefreshInterval = TimeSpan.FromSeconds(options.JwtKeyRefreshSeconds);
                o.IncludeErrorDetails = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidAudience = options.JwtAudience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(options.JwtClockSkewSeconds),
                    NameClaimType = "sub",
                };
            });
        }

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
            // One factory for every partition: RateLimitPartition.GetTokenBucketLimiter wraps its factory in a new
            // delegate on each call, and the global limiter asks for the partition on every request.
            Func<string, RateLimiter> bucket = _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.RateLimitPerSecond,
                TokensPerPeriod = options.RateLimitPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => new RateLimitPartition<string>(PartitionKey(context), bucket));
        });
        return services;
    }

    /// <summary>
    /// Establishes the caller with <see cref="CallerAuthentication"/> instead of the framework's authentication
    /// middleware. WebApplication inserts <c>UseAuthentication</c> at the top of the pipeline by itself unless the
    /// application builder carries the property that <c>UseAuthentication</c> sets; it is set here so that keys are
    /// not checked twice (ApiKeyTests checks that a refused key is logged once).
    /// </summary>
    public static IApplicationBuilder UseCallerAuthentication(this IApplicationBuilder app)
    {
        app.Properties["__AuthenticationMiddlewareSet"] = true;
        return app.UseMiddleware<CallerAuthentication>();
    }

    /// <summary>Authorizes requests with <see cref="ScopeAuthorization"/>; the property keeps WebApplication from adding the framework's authorization middleware by itself.</summary>
    public static IApplicationBuilder UseScopeAuthorization(this IApplicationBuilder app)
    {
        app.Properties["__AuthorizationMiddlewareSet"] = true;
        return app.UseMiddleware<ScopeAuthorization>();
    }

    /// <summary>The endpoints need a caller with <paramref name="scope"/> (or admin).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequiredScope(scope));

    /// <summary>The endpoints need an authenticated caller and check what that caller may see themselves.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequiredScope(null));

    private static string PartitionKey(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            return user.FindFirst("key_id")?.Value ?? user.FindFirst("client_id")?.Value ?? user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.Name)?.Value ?? "user";
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
