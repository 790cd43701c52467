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
            """)).WithFallback(Tls(options.Tls));
    }

    /// <summary>TLS settings of remoting; empty (plain TCP) without a certificate.</summary>
    public static Config Tls(RemotingTlsOptions tls) =>
        !tls.Enabled
            ? Config.Empty
            : ConfigurationFactory.ParseString(string.Create(CultureInfo.InvariantCulture, $"""
                akka.remote.dot-netty.tcp.enable-ssl = on
                akka.remote.dot-netty.tcp.ssl.certificate.path = {Quote(tls.CertificatePath!)}
                akka.remote.dot-netty.tcp.ssl.certificate.password = {Quote(tls.CertificatePassword ?? "")}
                akka.remote.dot-netty.tcp.ssl.suppress-validation = {(tls.SuppressValidation ? "on" : "off")}
                akka.remote.dot-netty.tcp.ssl.require-mutual-authentication = on
                """));

    /// <summary>A HOCON quoted string (HOCON's quoted strings are JSON strings).</summary>
    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
