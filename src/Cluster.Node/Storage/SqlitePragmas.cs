using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Interceptors;

namespace Cluster.Node.Storage;

/// <summary>How SQLite syncs a commit to disk (per connection, so set on every connection the plugins open).</summary>
public enum SqliteSynchronous
{
    /// <summary>fsync on every commit: an acknowledged event survives a process crash and a power loss.</summary>
    Full,

    /// <summary>fsync at checkpoints only: an acknowledged event survives a process crash, not a power loss.</summary>
    Normal,
}

/// <summary>
/// Runs per-connection pragmas on every connection Akka.Persistence.Sql opens, through linq2db
/// <see cref="DataOptions"/> handed to the journal and snapshot plugins (a connection string alone
/// cannot carry them): <c>synchronous</c>, and a <c>busy_timeout</c> so that a writer finding the
/// write lock taken (the snapshot store and the journal share the file) waits inside SQLite for
/// milliseconds, instead of Microsoft.Data.Sqlite's fixed 150 ms back-off.
/// </summary>
public sealed class SqlitePragmas(SqliteSynchronous synchronous) : ConnectionInterceptor
{
    private static readonly object Configured = new();
    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();
    private readonly string _pragma = Statement(synchronous);

    /// <summary>The per-connection pragmas, for connections the project opens itself (the SQLite journal's writer).</summary>
    public static string Statement(SqliteSynchronous synchronous) =>
        $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()}; PRAGMA busy_timeout = 10000; PRAGMA wal_autocheckpoint = 16384;";

    public static MultiDataOptionsSetup Setup(string connectionString, SqliteSynchronous synchronous)
    {
        var options = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqlitePragmas(synchronous));
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions("akka.persistence.journal.sql", options);
        setup.AddDataOptions("akka.persistence.snapshot-store.sql", options);
        return setup;
    }

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        if (!IsConfigured(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragma;
            command.ExecuteNonQuery();
            MarkConfigured(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        if (!IsConfigured(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkConfigured(connection);
        }
    }

    // Pragmas belong to the native database handle, which Microsoft.Data.Sqlite pools and hands to
    // the next SqliteConnection. The journal opens a connection per write, so running them once per
    // handle saves three statements on every write.
    private bool IsConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _);

    private void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.TryAdd(handle, Configured);
        }
    }
}
