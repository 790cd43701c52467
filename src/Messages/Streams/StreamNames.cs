using System.Text.RegularExpressions;

namespace Messages.Streams;

/// <summary>Naming rules shared by the gateway (validation) and the node (tagging).</summary>
public static partial class StreamNames
{
    /// <summary>The reserved topic that holds every event.</summary>
    public const string AllTopic = "$all";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>True for a valid stream name, topic name (other than $all) or event type.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>True for a name accepted where a topic is expected, including <see cref="AllTopic"/>.</summary>
    public static bool IsValidTopic(string? topic) => topic == AllTopic || IsValidName(topic);

    /// <summary>The topic of a stream: the text before the first '-', or the whole name when it has none.</summary>
    public static string TopicOf(string stream)
    {
        var topic = TopicSpanOf(stream);
        return topic.Length == stream.Length ? stream : topic.ToString();
    }

    /// <summary><see cref="TopicOf"/> as a slice of the stream's name, for writers that need no string of it.</summary>
    public static ReadOnlySpan<char> TopicSpanOf(string stream)
    {
        var dash = stream.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? stream : stream.AsSpan(0, dash);
    }
}
