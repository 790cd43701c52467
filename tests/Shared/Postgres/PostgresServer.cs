using System.Diagnostics;
using Npgsql;

namespace Cluster.Tests.Shared;

/// <summary>
/// A throw-away PostgreSQL server: a fresh data folder in the temp directory, a free loopback port,
/// trust authentication, stopped and deleted on dispose. Uses Debian's server binaries
/// (/usr/lib/postgresql/*/bin); initdb refuses root, so as root the server runs as 'postgres'.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "event-cluster-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;

    public string ConnectionString { get; private set; } = string.Empty;

    private string DataFolder => Path.Combine(_folder, "pgdata");

    public async Task InitializeAsync()
    {
        _bin = FindServerBinaries();
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", _folder);
        }

        var port = DotnetProcess.FreePort();
        await RunAsOwnerAsync(Path.Combine(_bin, "initdb"), "-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8");
        await RunAsOwnerAsync(
            Path.Combine(_bin, "pg_ctl"), "-D", DataFolder, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=300", "start");
        // At most 50 pooled connections per process: a spec's 3 nodes and 2 gateways (250) stay under the server's max_connections (300).
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;No Reset On Close=true;Maximum Pool Size=50";

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
    }

    /// <summary>A new empty database on this server, for one cluster.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "db" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_bin.Length > 0 && File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
        {
            await RunAsOwnerAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataFolder, "-m", "immediate", "-w", "stop");
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temporary folder.
        }
    }

    private static string FindServerBinaries()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. Install them with " +
            "'apt-get install -y postgresql-15' (.ci/run does this) and run the tests again.");
    }

    private Task RunAsOwnerAsync(string program, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments])
            : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
