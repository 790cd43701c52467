using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Cluster.Fuzz.Tests;

/// <summary>
/// Hostile transport at the POST endpoints, over raw sockets: bodies cut short of their
/// Content-Length, and slowloris-style bodies trickled a byte at a time, many at once. The gateway
/// stays up and answers others meanwhile, and a stream whose appends never arrived whole is unchanged.
/// </summary>
public sealed class TransportFuzzSpecs(FuzzGateway fixture) : IClassFixture<FuzzGateway>
{
    private const string Stream = "fz-transport";

    private static readonly string[] Paths = [$"/streams/{Stream}", "/ingest", "/topics/fz/groups/g", "/topics/fz/groups/g/ack", "/topics/fz/webhooks/w"];

    [Fact]
    public async Task Truncated_and_trickled_bodies_leave_the_gateway_up_and_the_stream_unchanged()
    {
        var client = fixture.Gateway.Client;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FuzzGateway.RootKey);
        using (var seed = await client.PostAsync($"/streams/{Stream}", new StringContent("""{"type":"Seed","data":{}}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, seed.StatusCode);
        }

        var body = Encoding.UTF8.GetBytes("""{"type":"Fuzzed","data":{"text":"0123456789012345678901234567890123456789"}}""");
        var cases = Gen.Select(Gen.OneOf(Paths), Gen.Int[0, body.Length - 1], Gen.Bool, (path, sent, trickle) => (path, sent, trickle));

        // 300 cut-short bodies, 4 at a time; every tenth trickles its bytes before giving up.
        await cases.SampleAsync(
            async c => await SendPartialAsync(fixture.Gateway.BaseAddress, c.path, body, c.sent, c.trickle && c.sent % 10 == 0),
            iter: 300,
            threads: 4);

        // 40 slowloris connections held open at once while normal requests are served.
        var slow = Enumerable.Range(0, 40).Select(_ => SendPartialAsync(fixture.Gateway.BaseAddress, $"/streams/{Stream}", body, body.Length - 1, trickle: true)).ToList();
        using (var live = await client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await Task.WhenAll(slow);
        Assert.False(fixture.Gateway.HasExited);
        using var info = await client.GetAsync($"/streams/{Stream}/info");
        Assert.Equal(1, JsonDocument.Parse(await info.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64());
    }

    /// <summary>Announces the whole body's length, sends only <paramref name="sent"/> bytes (a byte every 50 ms when trickling), then closes.</summary>
    private static async Task SendPartialAsync(Uri gateway, string path, byte[] body, int sent, bool trickle)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(gateway.Host, gateway.Port);
        var head = $"POST {path} HTTP/1.1\r\nHost: {gateway.Authority}\r\nAuthorization: Bearer {FuzzGateway.RootKey}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        if (trickle)
        {
            for (var i = 0; i < Math.Min(sent, 20); i++)
            {
                await socket.SendAsync(body.AsMemory(i, 1));
                await Task.Delay(50);
            }
        }
        else
        {
            await socket.SendAsync(body.AsMemory(0, sent));
        }

        socket.Shutdown(SocketShutdown.Both);
    }
}
