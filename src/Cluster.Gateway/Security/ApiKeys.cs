using System.Security.Cryptography;
using System.Text;
using Messages.Streams;

namespace Cluster.Gateway.Security;

/// <summary>What a key may do on a topic.</summary>
internal enum Right
{
    /// <summary>Append to the topic's streams.</summary>
    Publish,

    /// <summary>Read, subscribe, join consumer groups, ack and nack.</summary>
    Subscribe,

    /// <summary>Create and delete groups and webhooks, replay parked events; with <c>*</c>, the cluster-wide endpoints.</summary>
    Admin,
}

/// <summary>One configured key, known by its position in the configuration (never by its secret).</summary>
internal sealed class ApiKey(int index, byte[] hash, IReadOnlyList<string> topics, IReadOnlySet<Right> rights)
{
    /// <summary>A name for logs and rate-limit partitions: the configuration index, never the key.</summary>
    public string Id { get; } = $"key#{index}";

    internal byte[] Hash { get; } = hash;

    /// <summary>
    /// Names this key's secret without revealing it (a hash of its hash): a dashboard session holds it,
    /// so the session ends when the key at this position is changed.
    /// </summary>
    public string Fingerprint { get; } = Convert.ToHexString(SHA256.HashData(hash))[..32];

    /// <summary>True when this key has <paramref name="right"/> on <paramref name="topic"/>; null topic means cluster-wide (needs <c>*</c>).</summary>
    public bool Allows(Right right, string? topic) =>
        rights.Contains(right) && topics.Any(pattern => Matches(pattern, topic));

    private static bool Matches(string pattern, string? topic) =>
        pattern == "*"
        || (topic is not null && topic != StreamNames.AllTopic
            && (pattern.EndsWith('*') ? topic.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == topic));
}

/// <summary>
/// The configured keys. A presented key is hashed (SHA-256) and compared with every configured
/// key's hash in constant time, all of them every time, so neither the comparison nor the number
/// of keys tried tells anything about a key. Keys themselves are never logged or echoed.
/// </summary>
internal sealed class ApiKeys
{
    private readonly IReadOnlyList<ApiKey> _keys;

    public ApiKeys(SecurityOptions options)
    {
        _keys = options.ApiKeys.Select((k, i) => Compile(k, i)).ToList();
    }

    /// <summary>False when no keys are configured: the gateway is then open, on loopback only.</summary>
    public bool Enabled => _keys.Count > 0;

    public ApiKey? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKey? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>The key with this <see cref="ApiKey.Id"/>, if its secret is still the one <paramref name="fingerprint"/> names.</summary>
    public ApiKey? FindById(string id, string fingerprint) =>
        _keys.FirstOrDefault(key => key.Id == id
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Fingerprint), Encoding.ASCII.GetBytes(fingerprint)));

    private static ApiKey Compile(ApiKeyOptions options, int index)
    {
        var where = $"{SecurityOptions.Section}:ApiKeys:{index}";
        if (string.IsNullOrWhiteSpace(options.Key) || options.Key.Length < 16)
        {
            throw new InvalidOperationException($"{where}:Key must have at least 16 characters.");
        }

        if (options.Topics.Count == 0 || options.Topics.Any(t => t != "*" && !StreamNames.IsValidName(t.TrimEnd('*'))))
        {
            throw new InvalidOperationException($"{where}:Topics must list topic names, prefixes ending in *, or *.");
        }

        var rights = new HashSet<Right>();
        foreach (var right in options.Rights)
        {
            rights.Add(right.ToLowerInvariant() switch
            {
                "publish" => Right.Publish,
                "subscribe" => Right.Subscribe,
                "admin" => Right.Admin,
                _ => throw new InvalidOperationException($"{where}:Rights: unknown right \"{right}\" (publish, subscribe, admin)."),
            });
        }

        if (rights.Count == 0)
        {
            throw new InvalidOperationException($"{where}:Rights must name at least one right.");
        }

        return new ApiKey(index, SHA256.HashData(Encoding.UTF8.GetBytes(options.Key)), [.. options.Topics], rights);
    }
}
