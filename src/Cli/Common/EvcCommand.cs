using Spectre.Console.Cli;

namespace EventCluster.Cli.Common;

/// <summary>
/// A command that talks to the gateway: opens the connection from the global options, runs, and
/// leaves failures to <see cref="ErrorReport"/> (one line on stderr, a documented exit code).
/// </summary>
internal abstract class EvcCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : GlobalSettings
{
    /// <summary>True for commands that hold a subscription open: no overall request timeout.</summary>
    protected virtual bool Streaming => false;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        using var connection = Connection.Open(settings, Streaming);
        await RunAsync(connection, new Output(settings.Json), settings, cancellationToken);
        return ExitCodes.Ok;
    }

    protected abstract Task RunAsync(Connection connection, Output output, TSettings settings, CancellationToken ct);
}
