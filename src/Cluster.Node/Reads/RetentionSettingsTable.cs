using System.Data.Common;
using Cluster.Node.Storage;

namespace Cluster.Node.Reads;

/// <summary>Retention of a stream or of a topic's streams: at most this many of the newest events, none older than this (null: no limit).</summary>
public sealed record RetentionSettings(long? MaxCount, long? MaxAgeSeconds)
{
    public static readonly RetentionSettings None = new(null, null);
}

/// <summary>
/// Retention settings, durable and shared by every node and gateway (a table beside the journal,
/// read by every query through <see cref="Readability"/>). A stream's own setting wins over its
/// topic's, member by member; a topic is stored by its journal tag (<c>;acct;</c>).
/// </summary>
public sealed class RetentionSettingsTable(JournalStore store)
{
    /// <summary>Portable DDL, run with the read schema (and by the SQLite file's preparation).</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS retention_settings (
            scope VARCHAR(8) NOT NULL,
            name VARCHAR(256) NOT NULL,
            max_count BIGINT NULL,
            max_age_seconds BIGINT NULL,
            PRIMARY KEY (scope, name))
        """;

    public Task<RetentionSettings> ForStreamAsync(string stream, CancellationToken ct) => LoadAsync("stream", stream, ct);

    public Task<RetentionSettings> ForTopicAsync(string topic, CancellationToken ct) => LoadAsync("topic", Tag(topic), ct);

    public Task SetStreamAsync(string stream, RetentionSettings settings, CancellationToken ct) => SaveAsync("stream", stream, settings, ct);

    public Task SetTopicAsync(string topic, RetentionSettings settings, CancellationToken ct) => SaveAsync("topic", Tag(topic), settings, ct);

    private static string Tag(string topic) => ";" + topic + ";";

    private async Task<RetentionSettings> LoadAsync(string scope, string name, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        await using var command = Command(connection, "SELECT max_count, max_age_seconds FROM retention_settings WHERE scope = @scope AND name = @name", scope, name);
        await using var row = await command.ExecuteReaderAsync(ct);
        return await row.ReadAsync(ct)
            ? new RetentionSettings(row.IsDBNull(0) ? null : row.GetInt64(0), row.IsDBNull(1) ? null : row.GetInt64(1))
            : RetentionSettings.None;
    }

    /// <summary>Both limits null removes the row: nothing is left to join.</summary>
    private async Task SaveAsync(string scope, string name, RetentionSettings settings, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        var sql = settings == RetentionSettings.None
            ? "DELETE FROM retention_settings WHERE scope = @scope AND name = @name"
            : """
              INSERT INTO retention_settings (scope, name, max_count, max_age_seconds) VALUES (@scope, @name, @count, @age)
              ON CONFLICT (scope, name) DO UPDATE SET max_count = excluded.max_count, max_age_seconds = excluded.max_age_seconds
              """;
        await using var command = Command(connection, sql, scope, name);
        if (settings != RetentionSettings.None)
        {
            command.AddParameter("@count", (object?)settings.MaxCount ?? DBNull.Value);
            command.AddParameter("@age", (object?)settings.MaxAgeSeconds ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, string sql, string scope, string name)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@scope", scope);
        command.AddParameter("@name", name);
        return command;
    }
}
