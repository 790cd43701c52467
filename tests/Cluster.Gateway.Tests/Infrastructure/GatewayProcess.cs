using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Gateway.Tests.Infrastructure;

/// <summary>
/// A real gateway process (all-in-one: gateway + node roles) on a free loopback port, with its
/// SQLite journal in a temporary folder. Killed with SIGKILL by <see cref="Kill"/>, removed on dispose.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly bool _ownsFolder;

    private GatewayProcess(Process process, string dataFolder, Uri baseAddress, bool ownsFolder)
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

    public string LogFile => Path.Combine(DataFolder, $"gateway-{_process.Id}.log");

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataFolder = null)
    {
        var ownsFolder = dataFolder is null;
        dataFolder ??= Path.Combine(Path.GetTempPath(), "event-cluster-gateway-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(GatewayAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString());
        start.Environment["Storage__ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "events.db")}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["akka__loglevel"] = "WARNING";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the gateway process.");
        var gateway = new GatewayProcess(process, dataFolder, baseAddress, ownsFolder);
        gateway.CaptureOutput();
        await gateway.WaitUntilReadyAsync();
        return gateway;
    }

    /// <summary>Starts a new gateway process over the same data folder (after <see cref="Kill"/>).</summary>
    public Task<GatewayProcess> RestartAsync(IReadOnlyDictionary<string, string>? settings = null) => StartAsync(settings, DataFolder);

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must be on disk already.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
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
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode} while starting:\n{ReadLog()}");
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

        throw new TimeoutException($"The gateway was not ready within {StartTimeout}:\n{ReadLog()}");
    }

    private void CaptureOutput()
    {
        var log = new StreamWriter(LogFile) { AutoFlush = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                log.WriteLine(line);
            }
        }

        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string GatewayAssembly()
    {
        // tests/Cluster.Gateway.Tests/bin/<Configuration>/<tfm>/ → src/Cluster.Gateway/bin/<Configuration>/<tfm>/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Actors.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Could not find Actors.sln above the test binaries.");
        }

        var path = Path.Combine(root.FullName, "src", "Cluster.Gateway", "bin", configuration, tfm, "Cluster.Gateway.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the gateway first (dotnet build).", path);
    }
}
