using System.ComponentModel;
using EventCluster.Cli.Common;
using EventCluster.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Webhooks;

/// <summary>
/// <c>evc webhook create</c>: the gateway POSTs every event of the topic to the URL, signed with the
/// secret (Standard Webhooks). Without <c>--secret</c> one is made here and printed once, for the
/// receiver; pass the same <c>--secret</c> to make the command repeatable (another secret is another
/// definition: 409, exit 3).
/// </summary>
[Description("Create a webhook that pushes a topic's events to a URL.")]
internal sealed class WebhookCreateCommand : EvcCommand<WebhookCreateCommand.Settings>
{
    internal sealed class Settings : WebhookSettings
    {
        [CommandOption("-u|--url <URL>")]
        [Description("Where to POST each event (required).")]
        public string? Url { get; set; }

        [CommandOption("--secret <SECRET>")]
        [Description("whsec_ + base64 of 24 to 64 random bytes; default a new one, printed once.")]
        public string? Secret { get; set; }

        [CommandOption("--max-in-flight <N>")]
        [Description("POSTs outstanding at once (server default 16).")]
        public int? MaxInFlight { get; set; }

        [CommandOption("--max-deliveries <N>")]
        [Description("Attempts of one event before it is parked (server default 10).")]
        public int? MaxDeliveries { get; set; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("The deadline of one POST (server default 10).")]
        public int? Timeout { get; set; }

        [CommandOption("--start-from <earliest|latest>")]
        [Description("Where a new webhook starts (server default earliest).")]
        public string? StartFrom { get; set; }

        public override ValidationResult Validate() =>
            !Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") ? ValidationResult.Error("--url is required: an http(s) URL.")
            : StartFrom is not (null or "earliest" or "latest") ? ValidationResult.Error("--start-from is earliest or latest.")
            : ValidationResult.Success();
    }

    protected override async Task RunAsync(Connection connection, Output output, Settings settings, CancellationToken ct)
    {
        var made = settings.Secret is null ? WebhookSignature.NewSecret() : null;
        var options = new WebhookOptions(new Uri(settings.Url!), settings.Secret ?? made!, settings.MaxInFlight, settings.MaxDeliveries, settings.Timeout, settings.StartFrom);
        var created = await connection.Client.CreateWebhookAsync(settings.Topic, settings.Name, options, ct);
        if (output.IsJson)
        {
            Output.Json(new { topic = settings.Topic, name = settings.Name, created, secret = made });
            return;
        }

        Output.Line(created ? $"created webhook {settings.Name} on {settings.Topic} → {settings.Url}" : $"webhook {settings.Name} on {settings.Topic} exists with this definition");
        if (made is not null)
        {
            Output.Line($"secret (verify the signatures with it; shown once): {made}");
        }
    }
}
