using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Snapshot;

namespace Cluster.Node.Storage;

/// <summary>
/// Akka.Persistence.Sql's snapshot store whose saves and deletes are committed by the journal's one
/// writer (<see cref="JournalBatchWriter"/>), in the transaction of the appends waiting with them.
/// Why: SQLite has one write lock per database. The plugin commits each save and each delete in a
/// transaction of its own on a pooled connection, each with its own fsync; measured at 5,000
/// events/s, the journal's writer waited up to ~50 ms for the lock behind them, which was the live
/// path's worst stall (docs/benchmarks.md). Loads stay the plugin's. While no journal runs on the
/// database (not started yet, or stopping) the plugin writes as before.
/// </summary>
public sealed class SqliteSnapshotStore : SqlSnapshotStore
{
    private readonly SqliteWriterRegistry _writers;
    private readonly string _connectionString;
    private readonly SnapshotStatements _statements;

    public SqliteSnapshotStore(Config snapshotConfig)
        : base(snapshotConfig)
    {
        var config = new SnapshotConfig(snapshotConfig.WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        _connectionString = config.ConnectionString;
        _statements = new SnapshotStatements((ExtendedActorSystem)Context.System, config);
        _writers = SqliteWriterRegistry.Get(Context.System);
    }

    protected override async Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        if (!await WriteAsync(_statements.Save(metadata, snapshot), cancellationToken).ConfigureAwait(false))
        {
            await base.SaveAsync(metadata, snapshot, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        if (!await WriteAsync(_statements.Delete(metadata), cancellationToken).ConfigureAwait(false))
        {
            await base.DeleteAsync(metadata, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        if (!await WriteAsync(_statements.Delete(persistenceId, criteria), cancellationToken).ConfigureAwait(false))
        {
            await base.DeleteAsync(persistenceId, criteria, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>Whether the journal's writer committed it; false when no writer takes it.</returns>
    /// <remarks>The token only stops waiting: a change the writer took may still be committed, as with the plugin.</remarks>
    private async Task<bool> WriteAsync(SqlChange change, CancellationToken cancellationToken)
    {
        if (_writers.For(_connectionString) is not { } writer)
        {
            return false;
        }

        try
        {
            await writer.WriteAsync(change).WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false; // the journal stopped between the lookup and the write
        }
    }
}
