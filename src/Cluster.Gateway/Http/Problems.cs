namespace Cluster.Gateway.Http;

/// <summary>RFC 9457 <c>application/problem+json</c> answers used across the API.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: detail);

    public static IResult Conflict(string title, string detail, long currentVersion) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["currentVersion"] = currentVersion });

    public static IResult Overloaded(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Overloaded", detail: detail);
    }

    public static IResult Timeout(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "Outcome unknown", detail: detail);
}
