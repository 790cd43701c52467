namespace Cluster.Gateway.Http;

/// <summary>RFC 9457 <c>application/problem+json</c> answers used across the API.</summary>
internal static class Problems
{
    /// <summary>A problem answer whose <c>type</c> names the status's definition (every status gets one).</summary>
    public static IResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail, type: TypeFor(status), extensions: extensions);

    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        StatusCodes.Status401Unauthorized => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        StatusCodes.Status403Forbidden => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        StatusCodes.Status404NotFound => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        StatusCodes.Status409Conflict => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        StatusCodes.Status410Gone => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.11",
        StatusCodes.Status413PayloadTooLarge => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        StatusCodes.Status415UnsupportedMediaType => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        StatusCodes.Status503ServiceUnavailable => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        StatusCodes.Status504GatewayTimeout => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.5",
        _ => "about:blank",
    };

    public static IResult BadRequest(string detail) =>
        Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult InvalidStreamName() =>
        BadRequest("The stream name must match ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$.");

    public static IResult InvalidTopic() =>
        BadRequest("The topic must be $all or match ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$.");

    public static IResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>A tombstoned stream: never readable or writable again.</summary>
    public static IResult Gone(string stream) =>
        Create(StatusCodes.Status410Gone, "Gone", $"Stream '{stream}' was deleted for good; its name cannot be used again.");

    /// <summary>What a stream's status says a read of it must answer instead of a page: 410 tombstoned, 404 no events since its last delete; null: read it.</summary>
    public static IResult? ForStreamStatus(string stream, long version, Cluster.Node.Streams.StreamLifecycle lifecycle) =>
        lifecycle.Tombstoned ? Gone(stream)
        : version <= lifecycle.DeletedVersion ? NotFound($"Stream '{stream}' has no events.")
        : null;

    public static IResult TooLarge(string detail) =>
        Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);

    public static IResult UnsupportedMediaType(string detail) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    public static IResult Conflict(string title, string detail, long currentVersion) =>
        Create(StatusCodes.Status409Conflict, title, detail, new Dictionary<string, object?> { ["currentVersion"] = currentVersion });

    public static IResult Overloaded(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(StatusCodes.Status503ServiceUnavailable, "Overloaded", detail);
    }

    public static IResult StorageFailed(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "Storage failed", detail + " Nothing was stored; retrying with the same eventIds is safe.");

    public static IResult Timeout(string detail) =>
        Create(StatusCodes.Status504GatewayTimeout, "Outcome unknown", detail);
}
