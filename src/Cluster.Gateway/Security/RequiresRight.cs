namespace Cluster.Gateway.Security;

/// <summary>Where an endpoint's topic comes from, for the right check.</summary>
internal enum TopicFrom
{
    /// <summary>The <c>{topic}</c> route value.</summary>
    TopicRoute,

    /// <summary>The topic of the <c>{stream}</c> route value.</summary>
    StreamRoute,

    /// <summary>No single topic: cluster-wide (the key needs the right on <c>*</c>).</summary>
    Cluster,

    /// <summary>Checked by the endpoint itself, per item (e.g. each NDJSON line); the key must only be valid.</summary>
    Endpoint,
}

/// <summary>Endpoint metadata: the right an API key needs, and on which topic.</summary>
internal sealed record RequiresRight(Right Right, TopicFrom Topic);

/// <summary>Endpoint metadata: an SSE subscription, counted against the client's concurrent subscriptions.</summary>
internal sealed record CountsAsSubscription;

internal static class RequiresRightExtensions
{
    public static TBuilder Requires<TBuilder>(this TBuilder builder, Right right, TopicFrom topic)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresRight(right, topic));

    public static TBuilder IsSubscription<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CountsAsSubscription());
}
