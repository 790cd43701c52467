using System.Net;

namespace Cluster.Tests.Shared;

/// <summary>
/// A real gateway process (all-in-one: gateway + node roles) on a free loopback port, with its
/// SQLite journal in a temporary folder. Killed with SIGKILL by <see cref="Kill"/>, removed on dispose.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly DotnetProcess _process;
    private readonly bool _ownsFolder;

    private GatewayProcess(DotnetProcess process, string dataFolder, Uri baseAddress, bool ownsFolder)
    {
        _process = process;
        DataFolder = dataFolder;
        BaseAddress = baseAddress;
        _ownsFolder = ownsFolder;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string DataFolder { get; }

    /// <summary>The process's peak resident memory so far (VmHWM), in MiB.</summary>
    public long PeakResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataFolder = null, Uri? address = null)
    {
        var ownsFolder = dataFolder is null;
        dataFolder ??= Path.Combine(Path.GetTempPath(), "event-cluster-gateway-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var baseAddress = address ?? new Uri($"http://127.0.0.1:{DotnetProcess.FreePort()}");

        var environment = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "events.db")}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["akka__loglevel"] = "WARNING",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = DotnetProcess.Start(
            DotnetProcess.BuiltProgram("Cluster.Gateway"),
            dataFolder,
            environment,
            Path.Combine(dataFolder, $"gateway-{Guid.NewGuid():N}.log"),
            "--urls",
            baseAddress.ToString());
        var gateway = new GatewayProcess(process, dataFolder, baseAddress, ownsFolder);
        await gateway.WaitUntilReadyAsync();
        return gateway;
    }

    /// <summary>Starts a new gateway process over the same data folder (after <see cref="Kill"/>).</summary>
    public Task<GatewayProcess> RestartAsync(IReadOnlyDictionary<string, string>? settings = null) => StartAsync(settings, DataFolder);

    /// <summary>As <see cref="RestartAsync"/>, listening on the same address, as a client reconnecting would find it.</summary>
    public Task<GatewayProcess> RestartOnSameAddressAsync() => StartAsync(null, DataFolder, BaseAddress);

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string ReadLog() => _process.ReadLog();

    /// <summary>SIGKILL: what was acknowledged must be on disk already.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        _process.Dispose();
        Client.Dispose();
        if (_ownsFolder)
        {
            await Task.Run(() =>
            {
                try
                {
                    Directory.Delete(DataFolder, recursive: true);
                }
                catch (IOException)
                {
                    // Best effort: temporary folder.
                }
            });
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode} while starting:\n{_process.ReadLog()}");
            }

            try
            {
                using var response = await Client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The gateway was not ready within {StartTimeout}:\n{_process.ReadLog()}");
    }
}
