using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;

namespace Cluster.Node.Storage;

/// <summary>
/// Akka.Persistence.Sql's journal with the project's own write path. Replay, highest sequence
/// numbers, deletes and every read (the query journal) stay the plugin's; appends go through a
/// <see cref="JournalBatchWriter"/>, which writes the rows the plugin would write into the same
/// table. Why: every append of a node funnels through the journal, and the plugin's path costs per
/// write a linq2db statement build, a pooled connection open and several thread hops through a
/// stream stage; measured on SQLite, that was about two thirds of the gateway's CPU per single-event
/// publish (docs/write-path.md). The database-specific part is the <see cref="IJournalRowInserter"/>.
/// </summary>
public abstract class BatchingSqlJournal : SqlWriteJournal
{
    private readonly ConcurrentDictionary<string, Task> _writesInProgress = new();
    private readonly JournalRows _rows;
    private readonly JournalBatchWriter _writer;

    protected BatchingSqlJournal(Config journalConfig)
        : base(journalConfig)
    {
        var config = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        var table = config.TableConfig.EventJournalTable;
        var writerUuid = table.UseWriterUuidColumn ? Guid.NewGuid().ToString("N") : null;
        _rows = new JournalRows((ExtendedActorSystem)Context.System, config.PluginConfig.TagSeparator);
        ConnectionString = config.ConnectionString;
        _writer = new JournalBatchWriter(
            () => OpenInserter(journalConfig, config.ConnectionString, new JournalTableNames(config.TableConfig), writerUuid),
            maxRowsPerCommit: config.DaoConfig.BatchSize,
            capacity: config.DaoConfig.BufferSize);
    }

    /// <summary>The journal's database, as configured.</summary>
    protected string ConnectionString { get; }

    /// <summary>The journal's one writer (stopped when the journal stops).</summary>
    protected JournalBatchWriter Writer => _writer;

    /// <summary>Opens a connection with the INSERT prepared (called on the writer's task, again after a failure).</summary>
    protected abstract IJournalRowInserter OpenInserter(Config journalConfig, string connectionString, JournalTableNames table, string? writerUuid);

    /// <summary>
    /// Writes are taken here, before <see cref="AsyncWriteJournal"/> sees them, and answered from the
    /// writer's commit (<see cref="JournalWriteReplies"/>). The base class would run each write through
    /// its circuit breaker and two async state machines, then send every answer through its
    /// resequencer actor: one more thread hop per write, only to restore an order that holds here
    /// anyway (a persistent actor has one write in flight at a time, and all answers of a write are
    /// sent in order, from one thread).
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is WriteMessages write)
        {
            Write(write);
            return true;
        }

        return base.AroundReceive(receive, message);
    }

    // AsyncWriteJournal's own entry point; this journal's writes arrive through AroundReceive instead.
    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var (written, rejections) = Submit(messages.ToList());
        return Answer(written, rejections);
    }

    private void Write(WriteMessages message)
    {
        List<AtomicWrite> prepared;
        try
        {
            prepared = PreparePersistentBatch(message.Messages).ToList(); // event adapters
        }
        catch (Exception e)
        {
            JournalWriteReplies.Rejected(message, e, Self);
            return;
        }

        var (written, rejections) = Submit(prepared);
        JournalWriteReplies.When(written, message, rejections, Self);
    }

    /// <summary>Hands the rows of <paramref name="writes"/> to the writer; a write whose payload cannot be serialized is left out and rejected.</summary>
    private (Task Written, Exception?[]? Rejections) Submit(List<AtomicWrite> writes)
    {
        var now = DateTime.UtcNow.Ticks;
        var rows = new List<JournalRowValues[]>(writes.Count);
        Exception?[]? rejections = null;
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                rows.Add(_rows.From(writes[i], now));
            }
            catch (Exception e)
            {
                // A payload that cannot be serialized is rejected alone (the entity is told, and lives on).
                rejections ??= new Exception?[writes.Count];
                rejections[i] = e;
            }
        }

        var written = _writer.WriteAsync(rows);
        if (writes.Count > 0)
        {
            Track(writes[0].PersistenceId, written);
        }

        return (written, rejections);
    }

    /// <summary>A recovering entity must see its own writes still in flight, as the plugin guarantees.</summary>
    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writesInProgress.TryGetValue(persistenceId, out var inProgress))
        {
            try
            {
                await inProgress.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The write's own caller learns of its failure; here only its end matters.
            }
        }

        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken).ConfigureAwait(false);
    }

    protected override void PostStop()
    {
        _writer.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        base.PostStop();
    }

    private static async Task<IImmutableList<Exception>> Answer(Task written, Exception?[]? rejections)
    {
        await written.ConfigureAwait(false);
        return rejections is null ? null! : ImmutableList.CreateRange(rejections.Select(r => r!));
    }

    private void Track(string persistenceId, Task written)
    {
        _writesInProgress[persistenceId] = written;
        written.ContinueWith(
            (done, state) => ((ConcurrentDictionary<string, Task>)state!).TryRemove(new KeyValuePair<string, Task>(persistenceId, done)),
            _writesInProgress,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
