namespace Cluster.Node.Webhooks;

/// <summary>
/// How nodes deliver webhooks, bound from the <c>Webhooks</c> configuration section (environment:
/// <c>Webhooks__MinBackoff</c>, <c>Webhooks__MaxBackoff</c>).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The wait before the second POST of an event after a failed first one; doubled after every further failure.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two POSTs of one event.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): min, 2×min, 4×min, … up to max.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var wait = MinBackoff.TotalMilliseconds * Math.Pow(2, doublings);
        return TimeSpan.FromMilliseconds(Math.Min(wait, MaxBackoff.TotalMilliseconds));
    }

    /// <summary>Throws at start for settings that cannot work.</summary>
    public WebhookOptions Validated() =>
        MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff
            ? throw new InvalidOperationException($"{Section}: MinBackoff must be positive and MaxBackoff at least MinBackoff.")
            : this;
}
