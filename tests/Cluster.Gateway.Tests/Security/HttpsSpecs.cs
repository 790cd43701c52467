using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Cluster.Gateway.Tests.Security;

/// <summary>HTTPS from Kestrel's own configuration (<c>Kestrel:Endpoints:…:Certificate</c>), next to plain HTTP.</summary>
public sealed class HttpsSpecs
{
    private const string Password = "https-specs";

    [Fact]
    public async Task The_gateway_serves_https_with_the_configured_certificate()
    {
        await using var tls = await TlsGateway.StartAsync(new Dictionary<string, string>());

        // Trust exactly this certificate, as a client pinning it would.
        X509Certificate2? presented = null;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    presented = cert is null ? null : new X509Certificate2(cert);
                    return presented?.Thumbprint == tls.Certificate.Thumbprint;
                },
            },
        })
        { BaseAddress = tls.Https };

        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using (var appended = await client.PostAsync("/streams/tls-1", new StringContent("""{"type":"OverTls","data":{}}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        }

        Assert.Equal(tls.Certificate.Thumbprint, presented!.Thumbprint);
        using var read = await tls.Gateway.Client.GetAsync("/streams/tls-1");
        Assert.Contains("OverTls", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_https_the_dashboards_session_cookie_is_secure()
    {
        await using var tls = await TlsGateway.StartAsync(KeyedGateway.Settings());
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == tls.Certificate.Thumbprint },
        })
        { BaseAddress = tls.Https };

        using var signIn = await client.PostAsync("/dashboard/signin", new FormUrlEncodedContent([new KeyValuePair<string, string>("key", KeyedGateway.Root)]));

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var attributes = signIn.Headers.GetValues("Set-Cookie").Single().Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
    }

    /// <summary>A gateway on plain HTTP (its <see cref="GatewayProcess.Client"/>) and on HTTPS with a fresh self-signed certificate.</summary>
    private sealed class TlsGateway : IAsyncDisposable
    {
        private readonly DirectoryInfo _folder;

        private TlsGateway(DirectoryInfo folder, X509Certificate2 certificate, Uri https, GatewayProcess gateway)
        {
            _folder = folder;
            Certificate = certificate;
            Https = https;
            Gateway = gateway;
        }

        public X509Certificate2 Certificate { get; }

        public Uri Https { get; }

        public GatewayProcess Gateway { get; }

        public static async Task<TlsGateway> StartAsync(IReadOnlyDictionary<string, string> settings)
        {
            var folder = Directory.CreateTempSubdirectory("gateway-https-");
            var certificate = SelfSigned();
            var pfx = Path.Combine(folder.FullName, "gateway.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, Password));
            var http = new Uri($"http://127.0.0.1:{DotnetProcess.FreePort()}");
            var https = new Uri($"https://127.0.0.1:{DotnetProcess.FreePort()}");
            var all = new Dictionary<string, string>(settings)
            {
                ["Kestrel__Endpoints__Http__Url"] = http.ToString(),
                ["Kestrel__Endpoints__Https__Url"] = https.ToString(),
                ["Kestrel__Endpoints__Https__Certificate__Path"] = pfx,
                ["Kestrel__Endpoints__Https__Certificate__Password"] = Password,
            };
            return new TlsGateway(folder, certificate, https, await GatewayProcess.StartAsync(all, address: http));
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            Certificate.Dispose();
            _folder.Delete(recursive: true);
        }

        private static X509Certificate2 SelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        }
    }
}
