namespace Cluster.Node.Membership;

/// <summary>
/// How this process finds and joins its cluster, bound from the <c>Cluster</c> configuration section
/// (environment: <c>Cluster__Hostname</c>, <c>Cluster__Port</c>, <c>Cluster__ContactPoints__0</c>, …).
/// With no contact points the process forms a one-node cluster by joining itself (the all-in-one
/// default). With contact points it runs Akka.Management Cluster Bootstrap with the <c>config</c>
/// discovery method: no seed-node list anywhere.
/// </summary>
public sealed class MembershipOptions
{
    public const string Section = "Cluster";

    /// <summary>Host name or address this member is reached at, for remoting and in contact points.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Remoting port; 0 picks a free one (fine for a one-node cluster).</summary>
    public int Port { get; set; }

    /// <summary>HTTP endpoints (<c>host:port</c>) of the node processes, each serving <c>/bootstrap/seed-nodes</c>.</summary>
    public List<string> ContactPoints { get; set; } = [];

    /// <summary>Contact points that must answer before a new cluster is formed; defaults to all of them.</summary>
    public int? RequiredContactPoints { get; set; }

    /// <summary>Host of this process's own HTTP endpoint as written in <see cref="ContactPoints"/>; defaults to <see cref="Hostname"/>.</summary>
    public string? ContactPointHost { get; set; }

    public bool UsesBootstrap => ContactPoints.Count > 0;

    /// <summary>Remoting over TLS between members (<c>Cluster:Tls:*</c>); off without a certificate.</summary>
    public RemotingTlsOptions Tls { get; set; } = new();
}

/// <summary>
/// Akka remoting over TLS (<c>akka.remote.dot-netty.tcp.enable-ssl</c>), mutually authenticated:
/// every member presents this certificate and checks the others'.
/// </summary>
public sealed class RemotingTlsOptions
{
    /// <summary>A PKCS#12 (.pfx) file with the certificate and its private key; TLS is on when set.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Skip validating the peers' certificate chain (self-signed certificates in development only).</summary>
    public bool SuppressValidation { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
