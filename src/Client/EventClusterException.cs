using System.Net;

namespace EventCluster.Client;

/// <summary>The gateway refused a request; <see cref="Status"/>, <see cref="Title"/> and <see cref="Detail"/> come from its problem+json answer.</summary>
public class EventClusterException(HttpStatusCode status, string title, string detail) : Exception($"{(int)status} {title}: {detail}")
{
    /// <summary>The HTTP status of the refusal.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The problem's title.</summary>
    public string Title { get; } = title;

    /// <summary>The problem's detail: what was wrong.</summary>
    public string Detail { get; } = detail;
}

/// <summary>409: the stream is not at the expected version (or the ids conflict); <see cref="CurrentVersion"/> is where it is.</summary>
public sealed class WrongExpectedVersionException(string title, string detail, long currentVersion)
    : EventClusterException(HttpStatusCode.Conflict, title, detail)
{
    /// <summary>The stream's version when the append was refused.</summary>
    public long CurrentVersion { get; } = currentVersion;
}
