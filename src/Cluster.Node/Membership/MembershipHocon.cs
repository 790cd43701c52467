using System.Globalization;
using Akka.Configuration;

namespace Cluster.Node.Membership;

/// <summary>Turns <see cref="MembershipOptions"/> into remoting, discovery and bootstrap settings.</summary>
public static class MembershipHocon
{
    /// <summary>The service name looked up through discovery (see hocon/bootstrap.conf).</summary>
    public const string ServiceName = "event-cluster";

    public static Config From(MembershipOptions options)
    {
        var endpoints = string.Join(", ", options.ContactPoints.Select(c => $"\"{c.Trim()}\""));
        var required = options.RequiredContactPoints ?? Math.Max(1, options.ContactPoints.Count);
        return ConfigurationFactory.ParseString(string.Create(CultureInfo.InvariantCulture, $"""
            akka.remote.dot-netty.tcp.hostname = "{options.Hostname}"
            akka.remote.dot-netty.tcp.public-hostname = "{options.Hostname}"
            akka.remote.dot-netty.tcp.port = {options.Port}
            event-cluster.join-self = {(options.UsesBootstrap ? "off" : "on")}
            akka.discovery.config.services.{ServiceName}.endpoints = [{endpoints}]
            akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = {required}
            """));
    }
}
