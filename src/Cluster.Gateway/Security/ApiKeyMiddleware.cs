using System.Collections.Concurrent;
using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Http;
using Microsoft.AspNetCore.Authorization;
using Messages.Streams;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Security;

/// <summary>
/// With API keys configured: every request but <c>/health/*</c> and the dashboard's sign-in needs
/// <c>Authorization: Bearer &lt;key&gt;</c> (401 without a known key; the dashboard's routes also take
/// its session cookie, see <see cref="DashboardSession"/>) and the right its endpoint declares on the topic it
/// addresses (403 without). Also caps each client's open subscriptions (429), with or without keys
/// (clients are then told apart by address). The key found is left in <see cref="HttpContext.Items"/>.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys, IOptions<SecurityOptions> options)
{
    private const string KeyItem = "event-cluster.api-key";
    private static readonly string[] SignInFiles = [DashboardSession.SignInPage, "/signin.js", "/dashboard.css"];
    private readonly ConcurrentDictionary<string, int> _subscriptions = new();

    /// <summary>The key of this request; null when keys are off.</summary>
    public static ApiKey? KeyOf(HttpContext context) => context.Items.TryGetValue(KeyItem, out var key) ? key as ApiKey : null;

    /// <summary>Whether this request may use <paramref name="right"/> on <paramref name="topic"/> (null: cluster-wide; always, when keys are off).</summary>
    public static bool Allows(HttpContext context, Right right, string? topic) => KeyOf(context) is not { } key || key.Allows(right, topic);

    public async Task InvokeAsync(HttpContext context)
    {
        if (keys.Enabled && !context.Request.Path.StartsWithSegments("/health") && !IsPublic(context))
        {
            if (Authenticate(context) is not { } key)
            {
                if (IsDashboardPage(context))
                {
                    context.Response.Redirect(DashboardSession.SignInPage);
                    return;
                }

                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "Send Authorization: Bearer <API key> with a configured key.").ExecuteAsync(context);
                return;
            }

            context.Items[KeyItem] = key;
            if (RequiredRight(context) is { } required && !key.Allows(required.Right, required.Topic))
            {
                await Problems.Create(
                        StatusCodes.Status403Forbidden,
                        "Forbidden",
                        required.Topic is null
                            ? $"This key lacks the {required.Right.ToString().ToLowerInvariant()} right on * (cluster-wide)."
                            : $"This key lacks the {required.Right.ToString().ToLowerInvariant()} right on topic {required.Topic}.")
                    .ExecuteAsync(context);
                return;
            }
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<CountsAsSubscription>() is null)
        {
            await next(context);
            return;
        }

        var client = KeyOf(context)?.Id ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_subscriptions.AddOrUpdate(client, 1, (_, n) => n + 1) > options.Value.MaxSubscriptionsPerClient)
        {
            Release(client);
            context.Response.Headers.RetryAfter = "1";
            await Problems.Create(
                    StatusCodes.Status429TooManyRequests,
                    "Too many subscriptions",
                    $"This client already holds {options.Value.MaxSubscriptionsPerClient} open subscriptions; close one first.")
                .ExecuteAsync(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Release(client);
        }
    }

    /// <summary>
    /// The bearer key; without an <c>Authorization</c> header, on the dashboard's routes and files
    /// only, the key of the dashboard's session cookie.
    /// </summary>
    private ApiKey? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return AcceptsSession(context) ? DashboardSession.KeyOf(context, keys) : null;
        }

        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return keys.Find(value["Bearer ".Length..].Trim());
    }

    /// <summary>A dashboard route, or not an endpoint at all (the dashboard's static files; other paths 404).</summary>
    private static bool AcceptsSession(HttpContext context) =>
        context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<DashboardRoute>() is not null;

    /// <summary>The sign-in page and its endpoints, open to everyone.</summary>
    private static bool IsPublic(HttpContext context) =>
        context.GetEndpoint() is { } endpoint
            ? endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            : SignInFiles.Contains(context.Request.Path.Value);

    /// <summary>A browser opening the dashboard without a session is sent to sign in rather than shown a 401.</summary>
    private static bool IsDashboardPage(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value is "/" or "/index.html";

    /// <summary>The right and topic (null: cluster-wide) this request needs, or null when any valid key will do.</summary>
    private static (Right Right, string? Topic)? RequiredRight(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            // Not an API endpoint: the dashboard's static files (any key; what the page shows is filtered
            // by the key's rights) or a path that 404s.
            return null;
        }

        if (endpoint.Metadata.GetMetadata<RequiresRight>() is not { } required)
        {
            return null;
        }

        var values = context.Request.RouteValues;
        return required.Topic switch
        {
            TopicFrom.TopicRoute => (required.Right, values["topic"] as string ?? ""),
            TopicFrom.StreamRoute => (required.Right, StreamNames.TopicOf(values["stream"] as string ?? "")),
            TopicFrom.Cluster => (required.Right, null),
            _ => null,
        };
    }

    private void Release(string client)
    {
        if (_subscriptions.AddOrUpdate(client, 0, (_, n) => n - 1) <= 0)
        {
            _subscriptions.TryRemove(new KeyValuePair<string, int>(client, 0));
        }
    }
}
