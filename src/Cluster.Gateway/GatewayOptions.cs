namespace Cluster.Gateway;

/// <summary>HTTP-side limits and timings, bound from the <c>Gateway</c> configuration section.</summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Largest <c>data</c> + <c>metadata</c> of one event, in bytes (413 above).</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest append request body, in bytes (413 above).</summary>
    public long MaxRequestBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most events in one append request (413 above).</summary>
    public int MaxBatchEvents { get; set; } = 10_000;

    /// <summary>Longest NDJSON line of <c>POST /ingest</c>, in bytes; a longer line gets an error line. 0: <see cref="MaxEventBytes"/> + 64 KiB.</summary>
    public int MaxIngestLineBytes { get; set; }

    /// <summary>The line limit in effect.</summary>
    public int EffectiveMaxIngestLineBytes => MaxIngestLineBytes > 0 ? MaxIngestLineBytes : MaxEventBytes + (64 * 1024);

    /// <summary>Largest total size of a request's headers, in bytes (Kestrel answers 431 above).</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>Most headers in one request (Kestrel answers 431 above).</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>Appends (of any door) waiting for a slot at the admission gate; when full, appends are refused as overloaded (503, or an error line on /ingest).</summary>
    public int IngestQueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Appends in flight to the stream entities at once, across all requests and doors. With
    /// <see cref="IngestQueueCapacity"/> it lets 16 concurrent ingests of 100 streams each in
    /// without refusals. 4,096 measured 8% faster for such ingests on one node in one set of pairs
    /// and no faster in a later one, and admits more into memory, so the default stays
    /// (docs/write-path.md).
    /// </summary>
    public int IngestParallelism { get; set; } = 1024;

    /// <summary>
    /// Appends of one <c>POST /ingest</c> request at the admission gate at once: how far one request
    /// reads ahead of its answers, and so what one bulk load holds in memory.
    /// </summary>
    public int IngestRequestParallelism { get; set; } = 256;

    /// <summary>How long an append waits for the entity's answer before the gateway gives up with 504.</summary>
    public TimeSpan AppendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a group or webhook request (create, status, delete, ack, parked, join) waits for its entity before 504.</summary>
    public TimeSpan GroupAskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds a client is told to wait (Retry-After) when the pipeline is full.</summary>
    public int OverloadRetryAfterSeconds { get; set; } = 1;

    /// <summary>Silence on a subscription after which a <c>: keep-alive</c> comment is sent.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a live subscription waits for a commit announcement before re-reading the journal anyway.</summary>
    public TimeSpan LivePollFallback { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events read from the journal per page by subscriptions.</summary>
    public int SubscriptionPageSize { get; set; } = 500;
}

/// <summary>Per-client publish rate limit, bound from <c>RateLimit</c>; off while <see cref="PermitsPerSecond"/> is 0.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Sustained append requests per second per client (by API key, else by remote address).</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Requests a client may make in a burst above the sustained rate.</summary>
    public int Burst { get; set; } = 100;
}
