using System.ComponentModel;
using EventCluster.Cli.Common;
using EventCluster.Client;

namespace EventCluster.Cli.Reading;

/// <summary>
/// <c>evc tail</c>: a stream's or topic's events from a position, stored ones first, then live as
/// they are stored, with no gap; the client reconnects by itself after a dropped connection. Every
/// line carries its position (sequence or offset), and on stopping the resume option is printed to
/// stderr, so a script or a person can pick up exactly where it stopped.
/// </summary>
[Description("Follow a stream, a topic or $all: stored events, then live ones (resumable).")]
internal sealed class TailCommand : EvcCommand<TailSettings>
{
    protected override bool Streaming => true;

    protected override async Task RunAsync(Connection connection, Output output, TailSettings settings, CancellationToken ct)
    {
        var target = settings.Target;
        var events = target.IsTopic
            ? connection.Client.SubscribeToTopicAsync(target.Name, settings.After ?? 0, ct)
            : connection.Client.SubscribeToStreamAsync(target.Name, settings.From ?? 1, ct);
        long seen = 0;
        long? last = null;
        try
        {
            await foreach (var e in events)
            {
                last = target.IsTopic ? e.Offset : e.Sequence;
                Output.Line(output.IsJson ? System.Text.Json.JsonSerializer.Serialize(e, Output.JsonOptions) : EventText.Line(e, target.IsTopic));
                if (++seen == settings.Count)
                {
                    break;
                }
            }
        }
        finally
        {
            if (last is { } position && !output.IsJson)
            {
                Output.Note($"resume: evc tail {target.Name}{(target.IsTopic && target.Name != Target.All ? " --topic" : "")} {target.ResumeAfter(position)}");
            }
        }
    }
}
