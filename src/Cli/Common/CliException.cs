namespace EventCluster.Cli.Common;

/// <summary>A failure the CLI itself detected (bad input, nothing found), carrying the exit code it means.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);
}
