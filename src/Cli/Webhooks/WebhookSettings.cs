using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Webhooks;

/// <summary>The topic and webhook every <c>evc webhook</c> command names first.</summary>
internal class WebhookSettings : GlobalSettings
{
    [CommandArgument(0, "<topic>")]
    [Description("The topic whose events are pushed, or $all.")]
    public string Topic { get; set; } = "";

    [CommandArgument(1, "<name>")]
    [Description("The webhook's name.")]
    public string Name { get; set; } = "";
}
