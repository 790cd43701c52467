namespace Cluster.Node.Reads;

/// <summary>A named value of an event read (<c>@stream</c>, <c>@limit</c>, …): a string or a number.</summary>
internal readonly record struct ReadParameter(string Name, object Value);
