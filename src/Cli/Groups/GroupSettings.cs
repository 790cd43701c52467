using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Groups;

/// <summary>The topic and group every <c>evc group</c> command names first.</summary>
internal class GroupSettings : GlobalSettings
{
    [CommandArgument(0, "<topic>")]
    [Description("The topic the group reads, or $all.")]
    public string Topic { get; set; } = "";

    [CommandArgument(1, "<group>")]
    [Description("The group's name.")]
    public string Group { get; set; } = "";
}
