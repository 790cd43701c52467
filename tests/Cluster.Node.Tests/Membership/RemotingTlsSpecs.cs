using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Cluster.Node.Membership;

namespace Cluster.Node.Tests.Membership;

/// <summary>Remoting over TLS from the <c>Cluster:Tls</c> settings: members with the certificate talk; a plain-TCP one cannot.</summary>
public sealed class RemotingTlsSpecs : IDisposable
{
    private const string Password = "remoting-tls-specs";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("remoting-tls-");
    private readonly List<ActorSystem> _systems = [];

    public void Dispose()
    {
        foreach (var system in _systems)
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
        }

        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Members_with_the_certificate_exchange_messages_and_a_plain_tcp_member_is_not_heard()
    {
        var certificate = WriteSelfSignedCertificate();
        var tls = new RemotingTlsOptions { CertificatePath = certificate, CertificatePassword = Password, SuppressValidation = true };
        var server = Start("server", tls);
        server.ActorOf(Props.Create(() => new Echo()), "echo");
        var address = ((ExtendedActorSystem)server).Provider.DefaultAddress;
        Assert.Equal("akka.ssl.tcp", address.Protocol);
        var path = $"{address}/user/echo";

        var client = Start("client", tls);
        var identity = await client.ActorSelection(path).Ask<ActorIdentity>(new Identify("tls"), TimeSpan.FromSeconds(20));
        Assert.NotNull(identity.Subject);
        Assert.Equal("pong", await identity.Subject.Ask<string>("ping", TimeSpan.FromSeconds(10)));

        // Without TLS the handshake never completes: the echo actor is never found from there.
        var plain = Start("plain", new RemotingTlsOptions());
        var plainPath = $"akka.tcp://server@{address.Host}:{address.Port}/user/echo";
        try
        {
            var plainIdentity = await plain.ActorSelection(plainPath).Ask<ActorIdentity>(new Identify("plain"), TimeSpan.FromSeconds(5));
            Assert.Null(plainIdentity.Subject);
        }
        catch (AskTimeoutException)
        {
            // no answer at all: not reached either
        }
    }

    [Fact]
    public void The_settings_turn_into_the_dot_netty_ssl_section_with_mutual_authentication()
    {
        var config = MembershipHocon.Tls(new RemotingTlsOptions { CertificatePath = "/etc/\"odd\" path.pfx", CertificatePassword = "p\\w" });

        Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal("/etc/\"odd\" path.pfx", config.GetString("akka.remote.dot-netty.tcp.ssl.certificate.path"));
        Assert.Equal("p\\w", config.GetString("akka.remote.dot-netty.tcp.ssl.certificate.password"));
        Assert.False(config.GetBoolean("akka.remote.dot-netty.tcp.ssl.suppress-validation"));
        Assert.True(config.GetBoolean("akka.remote.dot-netty.tcp.ssl.require-mutual-authentication"));
        Assert.True(MembershipHocon.Tls(new RemotingTlsOptions()).IsEmpty);
    }

    private ActorSystem Start(string name, RemotingTlsOptions tls)
    {
        var config = ConfigurationFactory.ParseString("""
                akka.actor.provider = remote
                akka.loglevel = WARNING
                akka.remote.dot-netty.tcp.hostname = 127.0.0.1
                akka.remote.dot-netty.tcp.port = 0
                """)
            .WithFallback(MembershipHocon.Tls(tls));
        var system = ActorSystem.Create(name, config);
        _systems.Add(system);
        return system;
    }

    private string WriteSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var path = Path.Combine(_folder.FullName, "remoting.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<string>(_ => Sender.Tell("pong"));
    }
}
