namespace Messages.Streams;

/// <summary>Append a batch to one stream: all events stored, in order and contiguously, or none.</summary>
public sealed record AppendEvents(string Stream, ExpectedVersion ExpectedVersion, IReadOnlyList<EventData> Events) : IStreamCommand;
