using System.Globalization;
using System.Threading.RateLimiting;
using Cluster.Gateway.Security;
using Cluster.Gateway.Streams;
using Microsoft.AspNetCore.RateLimiting;

namespace Cluster.Gateway.Http;

/// <summary>
/// Per-client token bucket on publishing (ASP.NET Core rate limiting). A client over its rate gets
/// 429 with Retry-After. Clients are told apart by API key (Authorization header), else by address.
/// </summary>
internal static class PublishRateLimit
{
    public static IServiceCollection AddPublishRateLimit(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AppendEndpoint.RateLimitPolicy, context =>
                options.PermitsPerSecond <= 0
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => Bucket(options)));
            limiter.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Create(
                        StatusCodes.Status429TooManyRequests,
                        "Too many requests",
                        $"This client is over its publish rate of {options.PermitsPerSecond} requests per second.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>
    /// A bucket of <see cref="RateLimitOptions.PermitsPerSecond"/> + <see cref="RateLimitOptions.Burst"/>
    /// tokens, given the rate's permits once a second: in any second a client gets the rate, plus the
    /// burst when it saved up. A bucket of the burst alone capped the rate at the burst (1,000 a
    /// second with a burst of 100 let 100 a second through). Finer steps are not kept: the
    /// partitioned limiter refills its buckets from a timer of its own, every 100 ms, and a step
    /// shorter than or as long as that lost its permits whenever the timer came early.
    /// </summary>
    internal static TokenBucketRateLimiterOptions Bucket(RateLimitOptions options) => new()
    {
        TokenLimit = options.PermitsPerSecond + Math.Max(0, options.Burst),
        TokensPerPeriod = options.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Whether a publish rate is configured; when not, neither the limiter's middleware nor its policy is in the request path at all.</summary>
    public static bool IsOn(IConfiguration configuration) =>
        (configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions()).PermitsPerSecond > 0;

    /// <summary>Puts a publishing endpoint under the per-client limit, when one is configured.</summary>
    public static RouteHandlerBuilder WithPublishRateLimit(this RouteHandlerBuilder route, IEndpointRouteBuilder app) =>
        IsOn(app.ServiceProvider.GetRequiredService<IConfiguration>()) ? route.RequireRateLimiting(AppendEndpoint.RateLimitPolicy) : route;

    /// <summary>The API key's id (never the key itself) when keys are on, else the remote address.</summary>
    private static string ClientKey(HttpContext context) =>
        ApiKeyMiddleware.KeyOf(context) is { } key
            ? key.Id
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
