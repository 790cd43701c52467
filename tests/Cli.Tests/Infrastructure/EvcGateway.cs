namespace Cli.Tests.Infrastructure;

/// <summary>A real gateway (optionally with API keys) and the installed evc, pointed at it through EVC_SERVER.</summary>
public abstract class EvcGateway(IReadOnlyDictionary<string, string>? settings) : IAsyncLifetime
{
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public HttpClient Http => Gateway.Client;

    /// <summary>The gateway's address as evc is given it.</summary>
    public string Server => Gateway.BaseAddress.ToString().TrimEnd('/');

    /// <summary>
    /// Runs evc to its end with EVC_SERVER set to this gateway (plus <paramref name="environment"/>);
    /// a run that does not end in time fails with the gateway's log, which says why it did not answer.
    /// </summary>
    public async Task<EvcResult> RunAsync(string[] arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? patience = null)
    {
        await using var evc = await StartAsync(arguments, stdin, environment);
        try
        {
            return await evc.WaitForExitAsync(patience);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"evc {string.Join(' ', arguments)}: {e.Message}\n--- gateway log (tail)\n{Tail(Gateway.ReadLog())}");
        }
    }

    private static string Tail(string log) => log.Length <= 8000 ? log : log[^8000..];

    /// <summary>Starts evc (a tail, a group member) and returns while it runs.</summary>
    public Task<EvcProcess> StartAsync(string[] arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null, bool keepInputOpen = false)
    {
        var variables = new Dictionary<string, string> { ["EVC_SERVER"] = Server };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return EvcProcess.StartAsync(arguments, variables, stdin, keepInputOpen);
    }

    public async Task InitializeAsync()
    {
        // The tool installs while the gateway starts.
        var installing = InstalledEvc.PathAsync();
        _gateway = await GatewayProcess.StartAsync(settings);
        await installing;
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

/// <summary>A default gateway: no API keys.</summary>
public sealed class OpenGateway() : EvcGateway(null);

[CollectionDefinition(Name)]
public sealed class OpenGatewayCollection : ICollectionFixture<OpenGateway>
{
    public const string Name = "evc";
}
