using System.Net;
using System.Text.Json;
using Cluster.Tests.Shared;

namespace Cluster.Integration.Tests.Infrastructure;

/// <summary>
/// A real multi-process cluster on loopback: N node processes (role node) and one gateway process
/// (role gateway) over one PostgreSQL database, forming through Cluster Bootstrap with the node
/// processes' HTTP endpoints as contact points, as scripts/cluster.sh starts it.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(120);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "event-cluster-it-" + Guid.NewGuid().ToString("N"));
    private readonly List<DotnetProcess> _processes = [];

    private ClusterProcesses(Uri gateway)
    {
        Gateway = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Gateway { get; }

    /// <summary>The node processes, in start order (index 0 is the first node).</summary>
    public IReadOnlyList<DotnetProcess> Nodes => _processes.Take(_processes.Count - 1).ToList();

    public static async Task<ClusterProcesses> StartAsync(string connectionString, int nodes = 3)
    {
        var nodePorts = Enumerable.Range(0, nodes).Select(_ => DotnetProcess.FreePort()).ToList();
        var gatewayPort = DotnetProcess.FreePort();
        var cluster = new ClusterProcesses(new Uri($"http://127.0.0.1:{gatewayPort}"));
        Directory.CreateDirectory(cluster._folder);

        Dictionary<string, string> Environment(params (string Key, string Value)[] extra)
        {
            var environment = new Dictionary<string, string>
            {
                ["Storage__Provider"] = "PostgreSql",
                ["Storage__ConnectionString"] = connectionString,
                ["Cluster__Hostname"] = "127.0.0.1",
                ["Cluster__Port"] = DotnetProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
                ["akka__loglevel"] = "WARNING",
            };
            for (var i = 0; i < nodePorts.Count; i++)
            {
                environment[$"Cluster__ContactPoints__{i}"] = $"127.0.0.1:{nodePorts[i]}";
            }

            foreach (var (key, value) in extra)
            {
                environment[key] = value;
            }

            return environment;
        }

        for (var i = 0; i < nodePorts.Count; i++)
        {
            cluster._processes.Add(DotnetProcess.Start(
                DotnetProcess.BuiltProgram("Cluster.Node"), cluster._folder, Environment(),
                Path.Combine(cluster._folder, $"node{i + 1}.log"), "--urls", $"http://127.0.0.1:{nodePorts[i]}"));
        }

        cluster._processes.Add(DotnetProcess.Start(
            DotnetProcess.BuiltProgram("Cluster.Gateway"), cluster._folder, Environment(("akka__cluster__roles__0", "gateway")),
            Path.Combine(cluster._folder, "gateway.log"), "--urls", $"http://127.0.0.1:{gatewayPort}"));

        await cluster.WaitUntilAsync(async () => await cluster.UpMembersAsync() == nodes + 1 && await cluster.GatewayReadyAsync(), $"{nodes + 1} members Up");
        return cluster;
    }

    /// <summary>Members the gateway sees as Up.</summary>
    public async Task<int> UpMembersAsync()
    {
        try
        {
            using var response = await Gateway.GetAsync("/cluster");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return 0;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up" && !m.GetProperty("unreachable").GetBoolean());
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + FormationTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. Logs:\n{Logs()}");
            }

            await Task.Delay(200);
        }
    }

    public string Logs() => string.Join("\n", _processes.Select(p => $"--- {Path.GetFileName(p.LogFile)}\n{Tail(p.ReadLog())}"));

    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        Gateway.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temporary folder.
        }

        return ValueTask.CompletedTask;
    }

    private async Task<bool> GatewayReadyAsync()
    {
        try
        {
            using var response = await Gateway.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
