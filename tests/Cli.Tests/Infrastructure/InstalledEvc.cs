using System.Diagnostics;

namespace Cli.Tests.Infrastructure;

/// <summary>
/// evc as a user gets it: <c>dotnet pack src/Cli</c> (the build the test run already made, not a
/// rebuild) and <c>dotnet tool install --tool-path</c> from that package, once per test run, into a
/// temporary folder. A unique prerelease version and a private packages folder keep an older
/// package from a previous run (or NuGet's cache) from being installed instead; the NuGet config
/// names only the local package folder, so the install needs no network.
/// </summary>
public static class InstalledEvc
{
    private static readonly Lazy<Task<string>> Executable = new(InstallAsync);

    /// <summary>The installed <c>evc</c> command.</summary>
    public static Task<string> PathAsync() => Executable.Value;

    private static async Task<string> InstallAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "evc-specs", Guid.NewGuid().ToString("N"));
        var packages = Path.Combine(root, "packages");
        var tools = Path.Combine(root, "tool");
        Directory.CreateDirectory(packages);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);

        var version = $"0.1.0-spec.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var (repository, configuration) = BuildLocation();
        await DotnetAsync(root, "pack", Path.Combine(repository, "src", "Cli", "Cli.csproj"), "-c", configuration, "--no-build", "-o", packages, $"-p:Version={version}");

        var config = Path.Combine(root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="evc-local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        await DotnetAsync(root, "tool", "install", "EventCluster.Cli", "--tool-path", tools, "--configfile", config, "--version", version);

        var evc = Path.Combine(tools, OperatingSystem.IsWindows() ? "evc.exe" : "evc");
        return File.Exists(evc) ? evc : throw new FileNotFoundException("dotnet tool install did not create evc.", evc);
    }

    /// <summary>The repository root and the configuration the test binaries (and so the CLI) were built in.</summary>
    private static (string Repository, string Configuration) BuildLocation()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Actors.sln")))
        {
            root = root.Parent;
        }

        return (root?.FullName ?? throw new InvalidOperationException("Actors.sln not found above the test binaries."), configuration);
    }

    private static async Task DotnetAsync(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Packages restored for the install stay in this run's folder, not the machine's cache.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(root, "nuget-cache");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort: a temporary folder.
        }
    }
}
