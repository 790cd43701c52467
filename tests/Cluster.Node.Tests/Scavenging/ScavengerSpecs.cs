using Akka.Actor;
using Cluster.Node.Scavenging;
using Cluster.Node.Streams;
using Messages.Streams;
using Xunit.Abstractions;
using static Cluster.Node.Tests.Streams.TestEvents;

namespace Cluster.Node.Tests.Scavenging;

/// <summary>The scavenge against a real SQLite journal: what goes, what stays, one at a time, and resuming a run that died.</summary>
public sealed class ScavengerSpecs(ITestOutputHelper output) : SqliteTestKit("scavenger-specs", output)
{
    private static readonly ScavengeOptions Options = new() { ScavengeBatchSize = 2, LeaseTimeout = TimeSpan.FromMinutes(1) };

    private IActorRef Entity(string stream) =>
        Sys.ActorOf(StreamEntity.Props(stream, StreamEntitySettings.From(Sys.Settings.Config), CreateTestProbe().Ref, Lifecycle));

    private T Send<T>(IActorRef entity, object command)
    {
        entity.Tell(command, TestActor);
        return ExpectMsg<T>(Patience);
    }

    /// <summary>acct-gone: 5 events, soft-deleted; acct-cut: 5 events, truncated before 4; acct-kept: 3 events.</summary>
    private Dictionary<string, IActorRef> Streams()
    {
        var entities = new[] { "acct-gone", "acct-cut", "acct-kept" }.ToDictionary(s => s, Entity);
        Send<EventsAppended>(entities["acct-gone"], Append("acct-gone", ExpectedVersion.Any, Events(5)));
        Send<EventsAppended>(entities["acct-cut"], Append("acct-cut", ExpectedVersion.Any, Events(5)));
        Send<EventsAppended>(entities["acct-kept"], Append("acct-kept", ExpectedVersion.Any, Events(3)));
        Send<StreamLifecycleChanged>(entities["acct-gone"], new ChangeStreamLifecycle("acct-gone", LifecycleChange.SoftDelete));
        Send<StreamLifecycleChanged>(entities["acct-cut"], new ChangeStreamLifecycle("acct-cut", LifecycleChange.Truncate, 4));
        return entities;
    }

    private long Rows(string stream, string where = "1 = 1") =>
        Database.Scalar($"SELECT COUNT(*) FROM journal WHERE persistence_id = '{stream}' AND {where}");

    [Fact]
    public async Task Unreadable_events_leave_the_journal_a_streams_last_row_stays_emptied_and_numbering_goes_on()
    {
        var entities = Streams();
        var state = new ScavengeState(Database.Store);

        Assert.True(await new Scavenger(Database.Store, state, Options).RunAsync("me", CancellationToken.None));

        Assert.Equal((1L, 1L), (Rows("acct-gone"), Rows("acct-gone", "deleted = 1 AND length(message) = 0 AND sequence_number = 5")));
        Assert.Equal([4L, 5], StoredEvents("acct-cut").Select(e => e.Sequence));
        Assert.Equal(2, Rows("acct-cut"));
        Assert.Equal(3, Rows("acct-kept"));
        Assert.Empty(StoredEvents("acct-gone"));
        var run = (await state.StatusAsync(Options.LeaseTimeout, CancellationToken.None)).LastRun!;
        Assert.Equal(4 + 1 + 3, run.RemovedEvents);
        Assert.True(run.ReclaimedBytes > 0);

        // The deleted stream's entity, started afresh, numbers on after its old last sequence.
        Stop(entities["acct-gone"]);
        Assert.Equal(6, Send<EventsAppended>(Entity("acct-gone"), Append("acct-gone", ExpectedVersion.NoStream, Event())).FirstSequence);

        // A second run finds nothing left to remove.
        Assert.True(await new Scavenger(Database.Store, state, Options).RunAsync("me", CancellationToken.None));
        Assert.Equal(0, (await state.StatusAsync(Options.LeaseTimeout, CancellationToken.None)).LastRun!.RemovedEvents);
    }

    [Fact]
    public async Task Only_one_scavenge_runs_at_a_time_and_a_run_whose_owner_died_is_resumed_where_it_stopped()
    {
        Streams();
        var state = new ScavengeState(Database.Store);

        // Another process holds a live lease: nothing happens here.
        Assert.True(await state.TryAcquireAsync("other", Options.LeaseTimeout, CancellationToken.None));
        Assert.False(await new Scavenger(Database.Store, state, Options).RunAsync("me", CancellationToken.None));
        Assert.True((await state.StatusAsync(Options.LeaseTimeout, CancellationToken.None)).Running);

        // It got as far as acct-gone's first three events (offsets 1 to 3), having removed two, then died.
        Assert.True(await state.ProgressAsync("other", position: 3, removed: 2, reclaimed: 10, CancellationToken.None));
        var takeOver = new ScavengeOptions { ScavengeBatchSize = 2, LeaseTimeout = TimeSpan.FromTicks(1) };
        Assert.True(await new Scavenger(Database.Store, state, takeOver).RunAsync("me", CancellationToken.None));

        // Resumed after offset 3: the rows before it are not looked at again, the rest are scavenged.
        Assert.Equal(3, Rows("acct-gone", "ordering <= 3"));
        Assert.Equal(1, Rows("acct-gone", "ordering > 3"));
        Assert.Equal(2, Rows("acct-cut"));
        var status = await state.StatusAsync(Options.LeaseTimeout, CancellationToken.None);
        Assert.False(status.Running);
        Assert.Equal(2 + 2 + 3, status.LastRun!.RemovedEvents);
    }
}
