using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Streams;

/// <summary><c>evc info</c>: a stream's topic and version (its last sequence): what an expected version is checked against.</summary>
[Description("Show a stream's topic and version.")]
internal sealed class InfoCommand : EvcCommand<InfoCommand.Settings>
{
    internal sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<stream>")]
        [Description("The stream.")]
        public string Stream { get; set; } = "";
    }

    protected override async Task RunAsync(Connection connection, Output output, Settings settings, CancellationToken ct)
    {
        var info = await connection.Client.GetStreamInfoAsync(settings.Stream, ct)
            ?? throw CliException.NotFound($"Stream {settings.Stream} has no events.");
        if (output.IsJson)
        {
            Output.Json(info);
        }
        else
        {
            Output.Write(Output.Fields(("stream", info.Stream), ("topic", info.Topic), ("version", info.Version)));
        }
    }
}
