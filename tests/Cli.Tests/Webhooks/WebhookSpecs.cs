using System.Text.Json;
using Cli.Tests.Infrastructure;
using EventCluster.Client;
using static Cluster.Tests.Shared.Api;

namespace Cli.Tests.Webhooks;

/// <summary><c>evc webhook</c>: create (with the secret evc makes), status, delete, against a real receiver.</summary>
[Collection(OpenGatewayCollection.Name)]
public sealed class WebhookSpecs(OpenGateway gateway)
{
    /// <summary>
    /// A webhook's first PUT on a fresh gateway starts its entity; under a loaded machine that can
    /// answer 504 after the gateway's 10 s ask timeout, which the client retries with the same
    /// definition. Room for two such attempts.
    /// </summary>
    private static readonly TimeSpan CreatePatience = SpecTimes.Patience * 3;

    [Fact]
    public async Task A_webhook_created_by_evc_delivers_signed_with_the_printed_secret_shows_its_progress_and_is_deleted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topic = NewTopic();
        await AppendCreatedAsync(gateway.Http, $"{topic}-1", Batch(Event("A"), Event("B")));

        var created = (await gateway.RunAsync(["webhook", "create", topic, "audit", "--url", receiver.Url.ToString(), "--json"], patience: CreatePatience)).Json();
        var secret = created.GetProperty("secret").GetString()!;
        var posts = await receiver.WaitUntilAsync(p => p.Count >= 2, SpecTimes.Patience, "two deliveries");

        Assert.True(created.GetProperty("created").GetBoolean());
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.All(posts, p => Assert.True(WebhookSignature.IsValid(
            secret, p.Headers[ReceivedPost.IdHeader], p.Headers[ReceivedPost.TimestampHeader], p.Body, p.Headers[ReceivedPost.SignatureHeader])));
        var lastOffset = posts.Max(p => p.Offset);
        var status = await Eventually.ReadUntilAsync(
            async () => (await gateway.RunAsync(["webhook", "status", topic, "audit", "--json"])).Json(),
            s => s.GetProperty("checkpoint").GetInt64() == lastOffset,
            SpecTimes.Patience,
            TimeSpan.FromMilliseconds(200),
            s => $"webhook status: {s}");
        Assert.Equal(0, status.GetProperty("lag").GetInt64());

        var deleted = (await gateway.RunAsync(["webhook", "delete", topic, "audit", "--json"])).Json();
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        (await gateway.RunAsync(["webhook", "delete", topic, "audit"])).AssertFailed(2);
        (await gateway.RunAsync(["webhook", "status", topic, "audit"])).AssertFailed(2);
    }

    [Fact]
    public async Task Create_with_a_given_secret_is_repeatable_and_never_prints_it()
    {
        var topic = NewTopic();
        var secret = WebhookSignature.NewSecret();
        string[] create = ["webhook", "create", topic, "w", "--url", "http://127.0.0.1:9/hooks", "--secret", secret];

        var first = (await gateway.RunAsync([.. create, "--json"], patience: CreatePatience)).Json();
        var again = await gateway.RunAsync(create);
        var otherSecret = await gateway.RunAsync(["webhook", "create", topic, "w", "--url", "http://127.0.0.1:9/hooks"]);

        Assert.True(first.GetProperty("created").GetBoolean());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("secret").ValueKind);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("exists", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, again.Stdout + again.Stderr, StringComparison.Ordinal);
        otherSecret.AssertFailed(3);
        Assert.Contains("--url", (await gateway.RunAsync(["webhook", "create", topic, "x"])).AssertFailed(1), StringComparison.Ordinal);
        Assert.Equal(0, (await gateway.RunAsync(["webhook", "delete", topic, "w"])).ExitCode);
    }
}
