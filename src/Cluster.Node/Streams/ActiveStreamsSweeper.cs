using Akka.Actor;

namespace Cluster.Node.Streams;

/// <summary>
/// Every <c>entity-memory-check-interval</c>, asks the least recently active stream entities to
/// stop while the node's live entities are over their memory budget (<see cref="ActiveStreams"/>).
/// An entity asked while it is writing or has appends waiting stays: it is in use.
/// </summary>
public sealed class ActiveStreamsSweeper : ReceiveActor, IWithTimers
{
    public const string ActorName = "active-streams-sweeper";

    private readonly TimeSpan _interval;

    public ActiveStreamsSweeper(ActiveStreams activeStreams, TimeSpan interval)
    {
        _interval = interval;
        Receive<Sweep>(_ =>
        {
            foreach (var entity in activeStreams.LeastRecentlyUsedOverBudget())
            {
                entity.Tell(StreamEntity.PassivateIfIdle.Instance);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Sweep), Sweep.Instance, _interval);

    public static Props Props(ActiveStreams activeStreams, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new ActiveStreamsSweeper(activeStreams, interval));

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
