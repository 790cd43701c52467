using System.Text;
using Cluster.Gateway.Groups;
using Cluster.Gateway.Webhooks;
using Messages.Groups;

namespace Cluster.Gateway.UnitTests.Groups;

/// <summary>Group and webhook definitions and ack bodies: defaults, ranges, choices and the sentences of a 400.</summary>
public sealed class DefinitionParserSpecs
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void An_empty_group_body_means_every_default()
    {
        var parsed = GroupRequests.ParseDefinition(ReadOnlyMemory<byte>.Empty);

        Assert.Equal(new GroupDefinition(GroupStart.Earliest, 30, 5, GroupOrdering.Stream), parsed.Definition);
    }

    [Fact]
    public void A_group_body_sets_each_member()
    {
        var parsed = GroupRequests.ParseDefinition(Body("""{"startFrom":"latest","ackTimeoutSeconds":3600,"maxDeliveries":1,"ordering":"none"}"""));

        Assert.Equal(new GroupDefinition(GroupStart.Latest, 3600, 1, GroupOrdering.None), parsed.Definition);
    }

    [Fact]
    public void A_webhook_without_a_secret_gets_a_fresh_one_and_says_so()
    {
        var first = WebhookRequests.ParseDefinition(Body("""{"url":"https://example.test/hook"}"""));
        var second = WebhookRequests.ParseDefinition(Body("""{"url":"https://example.test/hook"}"""));

        Assert.True(first.SecretGenerated);
        Assert.StartsWith("whsec_", first.Definition!.Webhook!.Secret);
        Assert.NotEqual(first.Definition.Webhook.Secret, second.Definition!.Webhook!.Secret);
        Assert.Equal(new GroupDefinition(GroupStart.Earliest, 10, 10, GroupOrdering.Stream, first.Definition.Webhook with { Url = "https://example.test/hook", MaxInFlight = 16, Format = WebhookFormat.Event }), first.Definition);
    }

    [Fact]
    public void A_webhook_keeps_the_secret_it_was_given_and_its_settings()
    {
        var parsed = WebhookRequests.ParseDefinition(Body($$"""{"url":"http://127.0.0.1:9/h","secret":"{{Secret}}","format":"cloudevents","maxInFlight":1000,"maxDeliveries":3,"timeoutSeconds":300,"startFrom":"latest"}"""));

        Assert.False(parsed.SecretGenerated);
        Assert.Equal(new GroupDefinition(GroupStart.Latest, 300, 3, GroupOrdering.Stream, new WebhookTarget("http://127.0.0.1:9/h", Secret, 1000, WebhookFormat.CloudEvents)), parsed.Definition);
    }

    [Theory]
    [InlineData("group", "[]", "must be a JSON object")]
    [InlineData("group", "{", "not valid JSON")]
    [InlineData("group", """{"ackTimeoutSeconds":0}""", "ackTimeoutSeconds must be an integer from 1 to 3600")]
    [InlineData("group", """{"maxDeliveries":1001}""", "maxDeliveries must be an integer from 1 to 1000")]
    [InlineData("group", """{"maxDeliveries":"5"}""", "maxDeliveries must be an integer")]
    [InlineData("group", """{"startFrom":"now"}""", "startFrom must be \"earliest\" or \"latest\"")]
    [InlineData("group", """{"ordering":"strict"}""", "ordering must be \"stream\" or \"none\"")]
    [InlineData("group", """{"url":"http://x"}""", "Unknown member \"url\"; a group has")]
    [InlineData("webhook", """{}""", "A webhook needs a url")]
    [InlineData("webhook", """{"url":"ftp://example.test/x"}""", "url must be an absolute http:// or https:// URL")]
    [InlineData("webhook", """{"url":"https://user:pw@example.test/x"}""", "url must be an absolute http:// or https:// URL")]
    [InlineData("webhook", """{"url":"https://example.test/x","secret":"plain"}""", "secret must be a Standard Webhooks secret")]
    [InlineData("webhook", """{"url":"https://example.test/x","format":"xml"}""", "format must be \"event\" or \"cloudevents\"")]
    [InlineData("webhook", """{"url":"https://example.test/x","timeoutSeconds":301}""", "timeoutSeconds must be an integer from 1 to 300")]
    [InlineData("webhook", """{"url":"https://example.test/x","ordering":"none"}""", "Unknown member \"ordering\"; a webhook has")]
    public void A_bad_definition_says_what_is_wrong(string kind, string body, string reason)
    {
        var parsed = kind == "group" ? GroupRequests.ParseDefinition(Body(body)) : WebhookRequests.ParseDefinition(Body(body));

        Assert.Null(parsed.Definition);
        Assert.Contains(reason, parsed.Error);
    }

    [Fact]
    public void An_ack_body_lists_1_to_1000_delivery_ids()
    {
        var (ids, _) = GroupRequests.ParseIds(Body("""{"ids":["12-1","13-2"]}"""));
        var (none, noneError) = GroupRequests.ParseIds(Body("""{"ids":[]}"""));
        var (tooMany, tooManyError) = GroupRequests.ParseIds(Body($$"""{"ids":[{{string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"{i}-1\""))}}]}"""));
        var (notStrings, notStringsError) = GroupRequests.ParseIds(Body("""{"ids":[12]}"""));

        Assert.Equal(["12-1", "13-2"], ids);
        Assert.Null(none);
        Assert.Contains("Send 1 to 1000 ids", noneError);
        Assert.Null(tooMany);
        Assert.Contains("Send 1 to 1000 ids", tooManyError);
        Assert.Null(notStrings);
        Assert.Contains("Every id must be a delivery id string", notStringsError);
    }
}
