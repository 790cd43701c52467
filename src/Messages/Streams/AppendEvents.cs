namespace Messages.Streams;

/// <summary>Append a batch to one stream: all events stored, in order and contiguously, or none.</summary>
public sealed record AppendEvents(string Stream, ExpectedVersion ExpectedVersion, IReadOnlyList<EventData> Events) : IStreamCommand
{
    /// <summary>The W3C traceparent of the append's span at the gateway, when it has one: the stream's write span is its child.</summary>
    public string? TraceParent { get; init; }
}
