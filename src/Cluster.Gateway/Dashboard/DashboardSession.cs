using System.Security.Cryptography;
using Cluster.Gateway.Http;
using Cluster.Gateway.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Cluster.Gateway.Dashboard;

/// <summary>
/// The dashboard's sign-in, for gateways with API keys: a browser cannot put an
/// <c>Authorization</c> header on a page load or an <c>EventSource</c>, so <c>POST /dashboard/signin</c>
/// takes a key from the sign-in form and answers with a session cookie: HttpOnly, SameSite=Strict,
/// Secure when the request came over HTTPS. Its value is encrypted and signed with ASP.NET Core's
/// data protection (a time-limited protector) and names the key (its position and a fingerprint of
/// its hash, never the key), so the session has exactly the key's rights and ends when the key is
/// removed or changed. Only the dashboard's routes read the cookie (<see cref="DashboardRoute"/>);
/// the API keeps bearer keys only. <c>POST /dashboard/signout</c> ends the session.
/// (Not ASP.NET Core's cookie authentication: registering it puts an authentication middleware in
/// front of every request, appends included, and the bench measured that cost.)
/// </summary>
internal static class DashboardSession
{
    public const string CookieName = "evc-dashboard";
    public const string SignInPage = "/signin.html";

    /// <summary>How long a session lasts without use; a use in its second half renews it.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    private const string Purpose = "EventCluster.Dashboard.Session.v1";
    private const int MaxFormBytes = 4096;

    public static IServiceCollection AddDashboardSession(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.AddSingleton(provider => provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector());
        return services;
    }

    public static void MapDashboardSession(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dashboard/signin", SignInAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/dashboard/signout", SignOut).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The key of the request's session cookie, if the cookie is genuine, unexpired and names a key still configured.</summary>
    public static ApiKey? KeyOf(HttpContext context, ApiKeys keys)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        var protector = context.RequestServices.GetRequiredService<ITimeLimitedDataProtector>();
        string payload;
        DateTimeOffset expires;
        try
        {
            payload = protector.Unprotect(value, out expires);
        }
        catch (CryptographicException)
        {
            return null; // forged, from another key ring, or expired
        }

        var parts = payload.Split('\n');
        if (parts.Length != 2 || keys.FindById(parts[0], parts[1]) is not { } key)
        {
            return null;
        }

        if (expires - DateTimeOffset.UtcNow < IdleTimeout / 2)
        {
            Issue(context, protector, key); // sliding: in use, so it lasts another full period
        }

        return key;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ApiKeys keys)
    {
        if (!keys.Enabled)
        {
            return SeeOther("/"); // no keys, no sign-in: the dashboard is open (on loopback only)
        }

        if (!context.Request.HasFormContentType)
        {
            return Problems.UnsupportedMediaType("Sign in with the form: Content-Type application/x-www-form-urlencoded, field key.");
        }

        if (context.Request.ContentLength > MaxFormBytes)
        {
            return Problems.TooLarge($"A sign-in form has at most {MaxFormBytes} bytes.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (keys.Find(form["key"].ToString().Trim()) is not { } key)
        {
            return SeeOther(SignInPage + "?failed=1");
        }

        Issue(context, context.RequestServices.GetRequiredService<ITimeLimitedDataProtector>(), key);
        return SeeOther("/");
    }

    private static IResult SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(CookieName, CookieOptions(context));
        return SeeOther(SignInPage);
    }

    private static void Issue(HttpContext context, ITimeLimitedDataProtector protector, ApiKey key) =>
        context.Response.Cookies.Append(
            CookieName,
            protector.Protect($"{key.Id}\n{key.Fingerprint}", DateTimeOffset.UtcNow + IdleTimeout),
            CookieOptions(context));

    /// <summary>A browser-session cookie for the whole site, out of scripts' reach, never sent cross-site.</summary>
    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
    };

    /// <summary>303: after a form POST, the browser GETs the next page.</summary>
    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}

/// <summary>Endpoint metadata: a dashboard route, which accepts the dashboard's session cookie as well as a bearer key.</summary>
internal sealed record DashboardRoute;
