using System.Security.Claims;
using Cluster.Gateway.Http;
using Cluster.Gateway.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Cluster.Gateway.Dashboard;

/// <summary>
/// The dashboard's sign-in, for gateways with API keys: a browser cannot put an
/// <c>Authorization</c> header on a page load or an <c>EventSource</c>, so <c>POST /dashboard/signin</c>
/// takes a key from the sign-in form and answers with a session cookie (ASP.NET Core's cookie
/// authentication, encrypted with its data-protection keys): HttpOnly, SameSite=Strict, Secure when
/// the request came over HTTPS. The cookie names the key (its position and a fingerprint of its hash,
/// never the key), so the session has exactly the key's rights and ends when the key is removed or
/// changed. Only the dashboard's routes read the cookie (<see cref="DashboardRoute"/>); the API keeps
/// bearer keys only. <c>POST /dashboard/signout</c> ends the session.
/// </summary>
internal static class DashboardSession
{
    public const string Scheme = "dashboard";
    public const string CookieName = "evc-dashboard";
    public const string SignInPage = "/signin.html";

    /// <summary>How long a session lasts without use; each use renews it.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    private const string KeyIdClaim = "evc:key";
    private const string FingerprintClaim = "evc:key-fingerprint";
    private const int MaxFormBytes = 4096;

    public static IServiceCollection AddDashboardSession(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = IdleTimeout;
            cookie.SlidingExpiration = true;
        });
        return services;
    }

    public static void MapDashboardSession(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dashboard/signin", SignInAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/dashboard/signout", (Delegate)SignOutAsync).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The key of the request's session cookie, if it names a key still configured.</summary>
    public static async Task<ApiKey?> KeyOfAsync(HttpContext context, ApiKeys keys)
    {
        if (!context.Request.Cookies.ContainsKey(CookieName))
        {
            return null;
        }

        var result = await context.AuthenticateAsync(Scheme);
        return result.Succeeded
            && result.Principal.FindFirstValue(KeyIdClaim) is { } id
            && result.Principal.FindFirstValue(FingerprintClaim) is { } fingerprint
                ? keys.FindById(id, fingerprint)
                : null;
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

        var identity = new ClaimsIdentity(
            [new Claim(KeyIdClaim, key.Id), new Claim(FingerprintClaim, key.Fingerprint)], Scheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return SeeOther("/");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(Scheme);
        return SeeOther(SignInPage);
    }

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
