using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Cluster.Node.Hosting;
using Cluster.Node.Reads;
using Cluster.Node.Storage;
using Cluster.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;
using static Cluster.Tests.Shared.SpecTimes;

namespace Cluster.Node.Tests.Storage;

/// <summary>
/// Akka.Persistence.Query as configured in persistence-postgres.conf, over the node's journal and
/// read schema on a throw-away PostgreSQL: offsets have no gap per row, so the plugin's live tag
/// query (whose sequence tracking waits out every gap) delivers a new event at once.
/// </summary>
public sealed class PostgresQueryJournalSpecs(PostgresServer server, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(Config(server.ConnectionString), "pg-query-journal-specs", output), IClassFixture<PostgresServer>
{

    [Fact]
    public async Task The_live_tag_query_delivers_a_new_event_within_a_second_and_offsets_have_no_gaps()
    {
        var store = new PostgresStore(server.ConnectionString);
        using var cancel = new CancellationTokenSource(Patience);
        await ReadIndexes.EnsureAsync(Sys, store, new JournalReader(store, Sys), hostsJournal: true, cancel.Token);

        var writer = Sys.ActorOf(Props.Create(() => new TaggedRecorder("ledger-1", TestActor)));
        for (var i = 0; i < 5; i++)
        {
            writer.Tell(new Tagged(TaggedRecorder.Recorded(), ["ledger"]));
            ExpectMsg<TaggedRecorder.Persisted>(Patience);
        }

        var delivered = CreateTestProbe();
        _ = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
            .EventsByTag("ledger", Offset.NoOffset())
            .RunForeach(envelope => delivered.Ref.Tell(envelope), Sys.Materializer());
        var offsets = Enumerable.Range(0, 5).Select(_ => ((Sequence)delivered.ExpectMsg<EventEnvelope>(Patience).Offset).Value).ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => offsets[0] + i), offsets);

        writer.Tell(new Tagged(TaggedRecorder.Recorded(), ["ledger"]));
        ExpectMsg<TaggedRecorder.Persisted>(Patience);
        var committed = Stopwatch.StartNew();
        var live = delivered.ExpectMsg<EventEnvelope>(Patience);
        Assert.True(committed.Elapsed < TimeSpan.FromSeconds(1), $"the live query took {committed.Elapsed.TotalMilliseconds:F0} ms to deliver a committed event");
        Assert.Equal(offsets[^1] + 1, ((Sequence)live.Offset).Value);

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var gaps = new NpgsqlCommand("SELECT MAX(ordering) - MIN(ordering) + 1 - COUNT(*) FROM journal", connection);
        Assert.Equal(0L, (long)(await gaps.ExecuteScalarAsync())!);
    }

    private static Akka.Configuration.Config Config(string connectionString)
    {
        var store = new PostgresStore(connectionString);
        return ConfigurationFactory.ParseString("akka.actor.provider = local")
            .WithFallback(PersistenceHocon.ConnectionSettings(store))
            .WithFallback(HoconFiles.Load(store.HoconFile))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }
}
