using System.ComponentModel;
using EventCluster.Cli.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Groups;

/// <summary><c>evc group parked</c>: the events the group gave up on, with their delivery count and reason, a page at a time.</summary>
[Description("List a group's parked events.")]
internal sealed class GroupParkedCommand : EvcCommand<GroupParkedCommand.Settings>
{
    internal sealed class Settings : GroupSettings
    {
        [CommandOption("--after <OFFSET>")]
        [Description("List parked events after this offset (default 0).")]
        [DefaultValue(0L)]
        public long After { get; set; }

        [CommandOption("-n|--limit <N>")]
        [Description("At most this many (1 to 1000).")]
        [DefaultValue(100)]
        public int Limit { get; set; } = 100;

        public override ValidationResult Validate() =>
            Limit is < 1 or > 1000 ? ValidationResult.Error("--limit is 1 to 1000.")
            : After < 0 ? ValidationResult.Error("--after is 0 or more.")
            : ValidationResult.Success();
    }

    protected override async Task RunAsync(Connection connection, Output output, Settings settings, CancellationToken ct)
    {
        var page = await connection.Client.ListParkedAsync(settings.Topic, settings.Group, settings.After, settings.Limit, ct);
        if (output.IsJson)
        {
            Output.Json(page);
            return;
        }

        var table = Output.Table("offset", "stream", "type", "deliveries", "reason", "data");
        foreach (var p in page.Parked)
        {
            Output.Row(table, p.Event.Offset, $"{p.Event.Stream}#{p.Event.Sequence}", p.Event.Type, p.Deliveries, p.Reason, p.Event.Data);
        }

        Output.Write(table);
        if (page.Parked.Count == settings.Limit)
        {
            Output.Note($"more: evc group parked {settings.Topic} {settings.Group} --after {page.Next}");
        }
    }
}
