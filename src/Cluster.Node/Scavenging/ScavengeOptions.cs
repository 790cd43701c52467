namespace Cluster.Node.Scavenging;

/// <summary>Section <c>Retention</c>: how often the scavenge runs and how much it removes per transaction.</summary>
public sealed class ScavengeOptions
{
    public const string Section = "Retention";

    /// <summary>Time between scheduled scavenges (it also runs on <c>POST /admin/scavenge</c>).</summary>
    public TimeSpan ScavengeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Journal rows looked at per batch; each batch is one short transaction, so appends never wait long.</summary>
    public int ScavengeBatchSize { get; set; } = 1000;

    /// <summary>A running scavenge whose owner has not reported for this long is taken over (its process died).</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public ScavengeOptions Validated() =>
        ScavengeInterval > TimeSpan.Zero && ScavengeBatchSize is >= 1 and <= 100_000 && LeaseTimeout > TimeSpan.Zero
            ? this
            : throw new InvalidOperationException($"{Section}: ScavengeInterval and LeaseTimeout must be positive, ScavengeBatchSize from 1 to 100000.");
}
