using Akka.Actor;
using Cluster.Gateway.Ingestion;
using Messages.Streams;

namespace Cluster.Gateway.UnitTests.Ingestion;

/// <summary>Where a request resumes once its appends are answered: on a local entity's thread, never on the thread every remote answer shares.</summary>
public sealed class AppendReplyCollectorSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("collector-specs");

    [Fact]
    public async Task The_last_answer_from_a_local_entity_resumes_the_request_on_the_answering_thread()
    {
        var collector = Collector("s-1", "s-2");
        var entity = _system.ActorOf(Props.Empty, "entity"); // a local actor, as the stream entities of this node are
        var resumedOn = collector.AllSettled.ContinueWith(_ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var answeredOn = AnswerOnNewThread(collector, entity, "s-1", "s-2");

        Assert.True(resumedOn.IsCompleted, "the request resumed before the last answer returned");
        Assert.Equal(answeredOn, await resumedOn);
        collector.Close();
    }

    [Fact]
    public async Task An_answer_not_from_a_local_actor_resumes_the_request_on_the_thread_pool()
    {
        var collector = Collector("s-1");
        var resumedOn = collector.AllSettled.ContinueWith(_ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // Remoting delivers answers from other nodes with the sender's remote reference, which is not
        // local; a missing sender is not local either and stands in for it here.
        var answeredOn = AnswerOnNewThread(collector, ActorRefs.NoSender, "s-1");

        Assert.NotEqual(answeredOn, await resumedOn.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<EventsAppended>(collector.Outcomes[0].Reply);
        collector.Close();
    }

    public void Dispose() => _system.Dispose();

    private AppendReplyCollector Collector(params string[] streams) =>
        new(((ExtendedActorSystem)_system).Provider, [.. streams.Select(s => new AppendEvents(s, ExpectedVersion.Any, []))], _ => { });

    /// <summary>Answers each stream from a thread of its own making (not a pool thread) and returns that thread's id.</summary>
    private static int AnswerOnNewThread(AppendReplyCollector collector, IActorRef? sender, params string[] streams)
    {
        var id = 0;
        var thread = new Thread(() =>
        {
            id = Environment.CurrentManagedThreadId;
            foreach (var stream in streams)
            {
                collector.Tell(new EventsAppended(stream, 1, 1), sender);
            }
        });
        thread.Start();
        thread.Join();
        return id;
    }
}
