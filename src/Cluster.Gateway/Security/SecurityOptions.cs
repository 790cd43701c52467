namespace Cluster.Gateway.Security;

/// <summary>
/// API keys and per-client limits, bound from the <c>Security</c> configuration section
/// (environment: <c>Security__ApiKeys__0__Key</c>, <c>Security__ApiKeys__0__Topics__0</c>, …).
/// </summary>
internal sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The keys; none means no authentication, and then the gateway binds loopback addresses only.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Open SSE subscriptions one client (API key, else remote address) may hold at once; 429 beyond.</summary>
    public int MaxSubscriptionsPerClient { get; set; } = 64;
}

/// <summary>One key: <c>{"Key": "…", "Topics": ["acct", "*"], "Rights": ["publish", "subscribe", "admin"]}</c>.</summary>
internal sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";

    /// <summary>Topic patterns: a topic name, <c>*</c> (every topic, <c>$all</c> and cluster-wide endpoints), or a prefix ending in <c>*</c>.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary><c>publish</c>, <c>subscribe</c> and/or <c>admin</c>.</summary>
    public List<string> Rights { get; set; } = [];
}
