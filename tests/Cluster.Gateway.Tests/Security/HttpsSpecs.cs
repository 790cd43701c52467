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
        var folder = Directory.CreateTempSubdirectory("gateway-https-");
        try
        {
            using var certificate = SelfSigned();
            var pfx = Path.Combine(folder.FullName, "gateway.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, Password));
            var http = new Uri($"http://127.0.0.1:{DotnetProcess.FreePort()}");
            var https = new Uri($"https://127.0.0.1:{DotnetProcess.FreePort()}");
            await using var gateway = await GatewayProcess.StartAsync(
                new Dictionary<string, string>
                {
                    ["Kestrel__Endpoints__Http__Url"] = http.ToString(),
                    ["Kestrel__Endpoints__Https__Url"] = https.ToString(),
                    ["Kestrel__Endpoints__Https__Certificate__Path"] = pfx,
                    ["Kestrel__Endpoints__Https__Certificate__Password"] = Password,
                },
                address: http);

            // Trust exactly this certificate, as a client pinning it would.
            X509Certificate2? presented = null;
            using var client = new HttpClient(new SocketsHttpHandler
            {
                SslOptions =
                {
                    RemoteCertificateValidationCallback = (_, cert, _, _) =>
                    {
                        presented = cert is null ? null : new X509Certificate2(cert);
                        return presented?.Thumbprint == certificate.Thumbprint;
                    },
                },
            })
            { BaseAddress = https };

            using (var ready = await client.GetAsync("/health/ready"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            using (var appended = await client.PostAsync("/streams/tls-1", new StringContent("""{"type":"OverTls","data":{}}""", Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
            }

            Assert.Equal(certificate.Thumbprint, presented!.Thumbprint);
            using var read = await gateway.Client.GetAsync("/streams/tls-1");
            Assert.Contains("OverTls", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Over_https_the_dashboards_session_cookie_is_secure()
    {
        var folder = Directory.CreateTempSubdirectory("gateway-https-");
        try
        {
            using var certificate = SelfSigned();
            var pfx = Path.Combine(folder.FullName, "gateway.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, Password));
            var http = new Uri($"http://127.0.0.1:{DotnetProcess.FreePort()}");
            var https = new Uri($"https://127.0.0.1:{DotnetProcess.FreePort()}");
            var settings = new Dictionary<string, string>(KeyedGateway.Settings())
            {
                ["Kestrel__Endpoints__Http__Url"] = http.ToString(),
                ["Kestrel__Endpoints__Https__Url"] = https.ToString(),
                ["Kestrel__Endpoints__Https__Certificate__Path"] = pfx,
                ["Kestrel__Endpoints__Https__Certificate__Password"] = Password,
            };
            await using var gateway = await GatewayProcess.StartAsync(settings, address: http);
            using var client = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.Thumbprint },
            })
            { BaseAddress = https };

            using var signIn = await client.PostAsync("/dashboard/signin", new FormUrlEncodedContent([new KeyValuePair<string, string>("key", KeyedGateway.Root)]));

            Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
            var attributes = signIn.Headers.GetValues("Set-Cookie").Single().Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
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
