using System.Globalization;

namespace Cluster.Tests.Shared;

/// <summary>API keys as the gateway reads them from its environment (<c>Security__ApiKeys__0__Key</c>, …).</summary>
public static class ApiKeySettings
{
    public static Dictionary<string, string> Of(params (string Key, string[] Topics, string[] Rights)[] keys)
    {
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < keys.Length; i++)
        {
            var prefix = $"Security__ApiKeys__{i.ToString(CultureInfo.InvariantCulture)}__";
            settings[prefix + "Key"] = keys[i].Key;
            for (var t = 0; t < keys[i].Topics.Length; t++)
            {
                settings[$"{prefix}Topics__{t.ToString(CultureInfo.InvariantCulture)}"] = keys[i].Topics[t];
            }

            for (var r = 0; r < keys[i].Rights.Length; r++)
            {
                settings[$"{prefix}Rights__{r.ToString(CultureInfo.InvariantCulture)}"] = keys[i].Rights[r];
            }
        }

        return settings;
    }
}
