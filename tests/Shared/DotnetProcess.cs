using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Tests.Shared;

/// <summary>
/// One of the project's programs started as a separate process (<c>dotnet Program.dll</c>), with its
/// output in a log file. <see cref="Kill"/> is SIGKILL: no shutdown hooks, nothing flushed.
/// </summary>
public sealed class DotnetProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();

    private DotnetProcess(Process process, string logFile)
    {
        _process = process;
        LogFile = logFile;
        _log = new StreamWriter(logFile) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string LogFile { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static DotnetProcess Start(string assembly, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logFile, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}.");
        return new DotnetProcess(process, logFile);
    }

    /// <summary>Waits for the exit and for the last output lines to reach the log (an exited process may still have lines in flight).</summary>
    public void WaitForExitAndOutput() => _process.WaitForExit();

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public string ReadLog()
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

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    /// <summary>A free TCP port on the loopback address.</summary>
    public static int FreePort() => FreePorts(1)[0];

    /// <summary>
    /// Distinct free TCP ports on the loopback address, below the system's ephemeral range: the OS
    /// hands out ephemeral ports to every bind to port 0 and every outgoing connection, so a port
    /// chosen there could be taken by another process before the program under test binds it.
    /// The ports are held open together while chosen, so none is handed out twice.
    /// </summary>
    public static IReadOnlyList<int> FreePorts(int count)
    {
        var low = EphemeralRangeStart();
        var listeners = new List<TcpListener>();
        try
        {
            while (listeners.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(10_000, low));
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    // Taken: try another.
                }
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var low) && low > 11_000)
        {
            return low;
        }

        return 32_768;
    }

    /// <summary>
    /// The built program <paramref name="name"/> under <paramref name="folder"/> (src/ or samples/), in the
    /// test binaries' configuration: tests/X/bin/&lt;Configuration&gt;/&lt;tfm&gt;/ →
    /// &lt;folder&gt;/&lt;name&gt;/bin/&lt;Configuration&gt;/&lt;tfm&gt;/&lt;name&gt;.dll.
    /// </summary>
    public static string BuiltProgram(string name, string folder = "src")
    {
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

        var path = Path.Combine(root.FullName, folder, name, "bin", configuration, tfm, name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {name} first (dotnet build).", path);
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after disposal: the process is being torn down.
            }
        }
    }
}
