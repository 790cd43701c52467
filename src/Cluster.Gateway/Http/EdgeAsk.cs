using Akka.Actor;

namespace Cluster.Gateway.Http;

/// <summary>The one place an HTTP request asks an actor: with a timeout, and null (not an exception) when it passes.</summary>
internal static class EdgeAsk
{
    public static async Task<object?> AskAsync(IActorRef target, object message, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await target.Ask<object>(message, timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
