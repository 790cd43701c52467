using System.Globalization;

namespace Cluster.Gateway.Http;

/// <summary>Parses numeric query parameters, so a bad one is a problem+json 400 rather than a framework error.</summary>
internal static class QueryParameters
{
    public static bool TryGetLong(HttpRequest request, string name, long defaultValue, long min, long max, out long value, out string? error)
    {
        error = null;
        value = defaultValue;
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"Query parameter '{name}' must be an integer from {min} to {max}.";
            return false;
        }

        return true;
    }
}
