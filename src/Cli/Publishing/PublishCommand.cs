using System.ComponentModel;
using System.Threading.Channels;
using EventCluster.Cli.Common;
using EventCluster.Client;

namespace EventCluster.Cli.Publishing;

/// <summary>
/// <c>evc publish</c>: one event from the options, or NDJSON events from stdin in batches. Batches
/// are cut from what has arrived (up to <c>--batch-size</c>), so a fast pipe sends full batches and
/// a slow producer's events go out as they come; a bounded channel between reading and sending
/// keeps memory flat however long the input.
/// </summary>
[Description("Publish one event, or NDJSON events from stdin.")]
internal sealed class PublishCommand : EvcCommand<PublishSettings>
{
    protected override async Task RunAsync(Connection connection, Output output, PublishSettings settings, CancellationToken ct)
    {
        var expected = settings.Expected;
        Published published;
        if (settings.Type is { } type)
        {
            var result = await connection.Client.AppendAsync(settings.Stream, [EventInput.FromOptions(type, settings.Data, settings.Metadata, settings.Id)], expected, ct);
            published = Published.Of(result, 1);
        }
        else if (!Console.IsInputRedirected)
        {
            throw CliException.Usage("Give --type (and --data) for one event, or pipe NDJSON events to stdin.");
        }
        else
        {
            published = await FromStdinAsync(connection.Client, settings, expected, ct);
        }

        if (output.IsJson)
        {
            Output.Json(published);
        }
        else
        {
            var what = published.AlreadyStored ? "already stored" : "stored";
            Output.Line($"{published.Events} event(s) {what} in {published.Stream} at {published.FirstSequence}..{published.LastSequence}");
        }
    }

    private static async Task<Published> FromStdinAsync(EventClusterClient client, PublishSettings settings, ExpectedVersion? expected, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<EventToAppend>(new BoundedChannelOptions(settings.BatchSize * 2) { SingleReader = true, SingleWriter = true });
        var reading = ReadStdinAsync(channel.Writer, ct);
        Published? total = null;
        await using (var progress = ProgressReport.Start($"publishing to {settings.Stream}", total: null))
        {
            var batch = new List<EventToAppend>(settings.BatchSize);
            while (await WaitForInputAsync(channel.Reader, total, ct))
            {
                while (batch.Count < settings.BatchSize && channel.Reader.TryRead(out var e))
                {
                    batch.Add(e);
                }

                var result = await client.AppendAsync(settings.Stream, batch, expected, ct);
                progress.Advance(batch.Count);
                total = total is null ? Published.Of(result, batch.Count) : total.Then(result, batch.Count);

                // The next batch must land right after this one when the caller asked for a version.
                expected = expected is null ? null : ExpectedVersion.Exactly(result.LastSequence);
                batch.Clear();
            }
        }

        await reading; // rethrows a bad line
        return total ?? throw CliException.Usage("No events on stdin (one JSON event object per line).");
    }

    /// <summary>True while events are waiting; a bad line says what was stored before it, so the rest can be sent again.</summary>
    private static async Task<bool> WaitForInputAsync(ChannelReader<EventToAppend> reader, Published? stored, CancellationToken ct)
    {
        try
        {
            return await reader.WaitToReadAsync(ct);
        }
        catch (CliException e) when (stored is not null)
        {
            throw new CliException(e.ExitCode, $"{e.Message}; the {stored.Events} event(s) before it were stored in {stored.Stream} (up to sequence {stored.LastSequence})");
        }
    }

    private static async Task ReadStdinAsync(ChannelWriter<EventToAppend> writer, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            using var stdin = new StreamReader(Console.OpenStandardInput());
            var number = 0;
            while (await stdin.ReadLineAsync(ct) is { } line)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    await writer.WriteAsync(EventInput.FromLine(line, $"stdin line {number}"), ct);
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    /// <summary>What a publish stored: the stream, the first and last sequence, how many events; <c>alreadyStored</c> when every one was an idempotent replay.</summary>
    private sealed record Published(string Stream, long FirstSequence, long LastSequence, long Events, bool AlreadyStored)
    {
        public static Published Of(AppendResult result, long events) =>
            new(result.Stream, result.FirstSequence, result.LastSequence, events, result.AlreadyStored);

        public Published Then(AppendResult result, long events) =>
            this with { LastSequence = result.LastSequence, Events = Events + events, AlreadyStored = AlreadyStored && result.AlreadyStored };
    }
}
