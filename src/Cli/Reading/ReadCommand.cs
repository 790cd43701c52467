using System.ComponentModel;
using EventCluster.Cli.Common;
using EventCluster.Client;

namespace EventCluster.Cli.Reading;

/// <summary>
/// <c>evc read</c>: a stream's or topic's stored events, page after page (1,000 at a time) up to
/// <c>--limit</c> or, with <c>--all</c>, to the end. <c>--json</c> writes one event per line (NDJSON),
/// the API's event as read, so the output pipes into <c>evc publish</c> or <c>jq</c>.
/// </summary>
[Description("Read a stream's or a topic's stored events.")]
internal sealed class ReadCommand : EvcCommand<ReadSettings>
{
    private const int PageSize = 1000;

    protected override async Task RunAsync(Connection connection, Output output, ReadSettings settings, CancellationToken ct)
    {
        var target = settings.Target;
        var table = Output.Table(target.IsTopic ? "offset" : "seq", "stream", "time", "type", "data");
        long? wanted = settings.All ? null : settings.Limit;
        long read = 0, last = 0;
        var more = false;
        await foreach (var page in PagesAsync(connection.Client, target, settings, ct))
        {
            foreach (var e in page.Events)
            {
                if (read == wanted)
                {
                    more = true;
                    break;
                }

                read++;
                last = target.IsTopic ? e.Offset : e.Sequence;
                if (output.IsJson)
                {
                    Output.Json(e);
                }
                else
                {
                    Output.Row(table, last, e.Stream, e.Timestamp, e.Type, e.Data);
                }
            }

            if (more || read == wanted)
            {
                more |= page.Next is not null;
                break;
            }
        }

        if (read == 0 && !target.IsTopic && await connection.Client.GetStreamInfoAsync(target.Name, ct) is null)
        {
            throw CliException.NotFound($"Stream {target.Name} has no events.");
        }

        if (!output.IsJson)
        {
            Output.Write(table);
            if (more)
            {
                Output.Note($"more: evc read {target.Name}{(target.IsTopic && target.Name != Target.All ? " --topic" : "")} {target.ResumeAfter(last)}");
            }
        }
    }

    /// <summary>Pages from the start position until the stream's or topic's end.</summary>
    private static async IAsyncEnumerable<EventPage> PagesAsync(EventClusterClient client, Target target, ReadSettings settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var limit = settings.All ? PageSize : Math.Min(PageSize, settings.Limit + 1); // one more tells whether there is more
        if (target.IsTopic)
        {
            var after = settings.After ?? 0;
            while (true)
            {
                var page = await client.ReadTopicAsync(target.Name, after, limit, ct);
                var end = page.Events.Count < limit;
                yield return end ? page with { Next = null } : page;
                if (end || page.Next is not { } next)
                {
                    yield break;
                }

                after = next;
            }
        }

        long? from = settings.From ?? 1;
        while (from is { } f)
        {
            var page = await client.ReadStreamAsync(target.Name, f, limit, ct);
            yield return page;
            from = page.Events.Count == 0 ? null : page.Next;
        }
    }
}
