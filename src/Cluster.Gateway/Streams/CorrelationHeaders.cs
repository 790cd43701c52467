namespace Cluster.Gateway.Streams;

/// <summary>
/// <c>X-Correlation-Id</c> and <c>X-Causation-Id</c> request headers go into the metadata of every
/// event of the append, as <c>correlationId</c> and <c>causationId</c>, unless the event's metadata
/// already sets that member (the event's own value wins).
/// </summary>
internal static class CorrelationHeaders
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string CausationHeader = "X-Causation-Id";
    public const int MaxLength = 200;

    /// <summary>The header values, or an error for a 400 (repeated, too long or with control characters).</summary>
    public static (string? Correlation, string? Causation, string? Error) Read(HttpRequest request)
    {
        var (correlation, error) = One(request, CorrelationHeader);
        if (error is not null)
        {
            return (null, null, error);
        }

        var (causation, causationError) = One(request, CausationHeader);
        return (correlation, causation, causationError);
    }

    /// <summary>The metadata members the headers ask for (none when neither header is sent).</summary>
    public static void AddTo(ref List<KeyValuePair<string, string>>? members, string? correlation, string? causation)
    {
        if (correlation is not null)
        {
            (members ??= []).Add(new("correlationId", correlation));
        }

        if (causation is not null)
        {
            (members ??= []).Add(new("causationId", causation));
        }
    }

    private static (string? Value, string? Error) One(HttpRequest request, string header)
    {
        var values = request.Headers[header];
        if (values.Count == 0)
        {
            return (null, null);
        }

        var value = values.Count == 1 ? values[0] : null;
        return value is null || value.Length is 0 or > MaxLength || value.Any(char.IsControl)
            ? (null, $"{header} must be given once, with 1 to {MaxLength} characters and no control characters.")
            : (value, null);
    }
}
