using System.Diagnostics;
using Cluster.Node.Telemetry;

namespace Cluster.Gateway.Http;

/// <summary>
/// Records <c>eventcluster.append.duration</c> for <c>POST /streams/{stream}</c> and
/// <c>eventcluster.append.rejections</c> for appends and <c>POST /ingest</c> answered 4xx/5xx,
/// including the rate limiter's 429s (so it runs before the limiter).
/// </summary>
internal static class AppendMetrics
{
    public static IApplicationBuilder UseAppendMetrics(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var isAppend = path.StartsWithSegments("/streams") && !path.Value!.EndsWith("/subscribe", StringComparison.Ordinal);
        if (!HttpMethods.IsPost(context.Request.Method) || !(isAppend || path.Equals("/ingest")))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await next(context);
        var status = new KeyValuePair<string, object?>("status", context.Response.StatusCode);
        if (isAppend)
        {
            GatewayMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, status);
        }

        if (context.Response.StatusCode >= 400)
        {
            GatewayMetrics.AppendRejections.Add(1, status);
        }
    });
}
