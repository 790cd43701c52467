using EventCluster.Client;

namespace EventCluster.Cli.Common;

/// <summary>How an event looks to a person: one line, position first, so it can be grepped and resumed from.</summary>
internal static class EventText
{
    public static string Line(RecordedEvent e, bool byOffset) =>
        $"{(byOffset ? $"@{e.Offset}" : $"#{e.Sequence}")}  {e.Stream}#{e.Sequence}  {Output.Format(e.Timestamp)}  {e.Type}  {e.Data.GetRawText()}";
}
