using System.Text;
using Messages.Streams;

namespace Cluster.Node.Tests.Streams;

/// <summary>Small builders for events and commands in specs.</summary>
public static class TestEvents
{
    public static EventData Event(string type = "Deposited", Guid? id = null, string json = """{"amount":1}""") =>
        new(id ?? Guid.NewGuid(), type, Encoding.UTF8.GetBytes(json), ReadOnlyMemory<byte>.Empty, EventData.JsonContentType);

    public static EventData[] Events(int count) => Enumerable.Range(0, count).Select(i => Event(json: $$"""{"n":{{i}}}""")).ToArray();

    public static AppendEvents Append(string stream, ExpectedVersion expected, params EventData[] events) => new(stream, expected, events);
}
