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
    private readonly List<DotnetProcess> _nodes = [];
    private readonly List<int> _nodeRemotingPorts = [];
    private readonly List<DotnetProcess> _gatewayProcesses = [];

    private ClusterProcesses(IEnumerable<int> gatewayPorts)
    {
        Gateways = gatewayPorts.Select(p => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p}"), Timeout = TimeSpan.FromSeconds(30) }).ToList();
    }

    /// <summary>HTTP clients of the gateway processes.</summary>
    public IReadOnlyList<HttpClient> Gateways { get; }

    /// <summary>The first gateway.</summary>
    public HttpClient Gateway => Gateways[0];

    /// <summary>The gateway processes, in the order of <see cref="Gateways"/>.</summary>
    public IReadOnlyList<DotnetProcess> GatewayProcesses => _gatewayProcesses;

    /// <summary>The node processes, in start order (index 0 is the first node).</summary>
    public IReadOnlyList<DotnetProcess> Nodes => _nodes;

    /// <summary>The node process whose cluster address (e.g. <c>akka.tcp://event-cluster@127.0.0.1:4053</c>) is given.</summary>
    public DotnetProcess NodeAt(string address) =>
        _nodes[_nodeRemotingPorts.FindIndex(port => address.EndsWith($":{port}", StringComparison.Ordinal))];

    private IEnumerable<DotnetProcess> Processes => _nodes.Concat(_gatewayProcesses);

    /// <param name="gatewaySettings">Extra environment for the gateway processes.</param>
    public static async Task<ClusterProcesses> StartAsync(string connectionString, int nodes = 3, int gateways = 1, IReadOnlyDictionary<string, string>? gatewaySettings = null)
    {
        // Every port of the cluster (HTTP and remoting) chosen at once, so none is handed out twice.
        var ports = new Queue<int>(DotnetProcess.FreePorts(2 * (nodes + gateways)));
        var nodePorts = Enumerable.Range(0, nodes).Select(_ => ports.Dequeue()).ToList();
        var gatewayPorts = Enumerable.Range(0, gateways).Select(_ => ports.Dequeue()).ToList();
        var cluster = new ClusterProcesses(gatewayPorts);
        Directory.CreateDirectory(cluster._folder);

        Dictionary<string, string> Environment(params (string Key, string Value)[] extra)
        {
            var environment = new Dictionary<string, string>
            {
                ["Storage__Provider"] = "PostgreSql",
                ["Storage__ConnectionString"] = connectionString,
                ["Cluster__Hostname"] = "127.0.0.1",
                ["Cluster__Port"] = ports.Dequeue().ToString(System.Globalization.CultureInfo.InvariantCulture),
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
            var nodeEnvironment = Environment();
            cluster._nodeRemotingPorts.Add(int.Parse(nodeEnvironment["Cluster__Port"], System.Globalization.CultureInfo.InvariantCulture));
            cluster._nodes.Add(DotnetProcess.Start(
                DotnetProcess.BuiltProgram("Cluster.Node"), cluster._folder, nodeEnvironment,
                Path.Combine(cluster._folder, $"node{i + 1}.log"), "--urls", $"http://127.0.0.1:{nodePorts[i]}"));
        }

        var gatewayEnvironment = (gatewaySettings ?? new Dictionary<string, string>())
            .Select(kv => (kv.Key, kv.Value))
            .Append(("akka__cluster__roles__0", "gateway"))
            .ToArray();
        for (var i = 0; i < gatewayPorts.Count; i++)
        {
            cluster._gatewayProcesses.Add(DotnetProcess.Start(
                DotnetProcess.BuiltProgram("Cluster.Gateway"), cluster._folder, Environment(gatewayEnvironment),
                Path.Combine(cluster._folder, $"gateway{i + 1}.log"), "--urls", $"http://127.0.0.1:{gatewayPorts[i]}"));
        }

        var members = nodes + gateways;
        try
        {
            await cluster.WaitUntilAsync(async () => await cluster.UpMembersAsync() == members && await cluster.GatewaysReadyAsync(), $"{members} members Up");
        }
        catch
        {
            // Nobody else holds the processes yet: stop them here or they outlive the test run.
            await cluster.DisposeAsync();
            throw;
        }

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

    public Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.UntilAsync(condition, FormationTimeout, TimeSpan.FromMilliseconds(200), () => $"Timed out waiting for {what}. Logs:\n{Logs()}");

    public string Logs() => string.Join("\n", Processes.Select(p => $"--- {Path.GetFileName(p.LogFile)}\n{Tail(p.ReadLog())}"));

    public ValueTask DisposeAsync()
    {
        foreach (var process in Processes)
        {
            process.Dispose();
        }

        foreach (var gateway in Gateways)
        {
            gateway.Dispose();
        }

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

    private async Task<bool> GatewaysReadyAsync()
    {
        foreach (var gateway in Gateways)
        {
            try
            {
                using var response = await gateway.GetAsync("/health/ready");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        return true;
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
