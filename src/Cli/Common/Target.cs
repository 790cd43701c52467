namespace EventCluster.Cli.Common;

/// <summary>
/// What <c>read</c> and <c>tail</c> follow: a stream (positions are 1-based sequences, resumed with
/// an inclusive <c>--from</c>) or a topic (positions are offsets, resumed with an exclusive
/// <c>--after</c>). <c>$all</c> is always a topic.
/// </summary>
internal sealed record Target(string Name, bool IsTopic)
{
    public const string All = "$all";

    public static Target Of(string name, bool topic, long? from, long? after)
    {
        var target = new Target(name, topic || name == All);
        if (target.IsTopic && from is not null)
        {
            throw CliException.Usage("A topic is resumed with --after OFFSET (exclusive), not --from.");
        }

        if (!target.IsTopic && after is not null)
        {
            throw CliException.Usage("A stream is resumed with --from SEQUENCE (inclusive), not --after; add --topic to read a topic.");
        }

        return target;
    }

    /// <summary>The option that resumes after an event at <paramref name="position"/> (its sequence or offset).</summary>
    public string ResumeAfter(long position) => IsTopic ? $"--after {position}" : $"--from {position + 1}";
}
