using System.Net;
using System.Text.Json;
using EventCluster.Client;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Common;

/// <summary>
/// Turns any failure into one line on stderr and the exit code of <see cref="ExitCodes"/>: scripts
/// branch on the code, people read the line (the gateway's problem title and detail).
/// </summary>
internal static class ErrorReport
{
    public static int Handle(Exception exception)
    {
        var (code, message) = Describe(exception);
        Console.Error.WriteLine("evc: " + message.ReplaceLineEndings(" ").Trim());
        return code;
    }

    public static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        CliException e => (e.ExitCode, e.Message),
        WrongExpectedVersionException e => (ExitCodes.Conflict, $"{e.Title}: {e.Detail} (current version {e.CurrentVersion})"),
        EventClusterException e => (ForStatus(e.Status), $"{(int)e.Status} {e.Title}: {e.Detail}".TrimEnd(' ', ':')),
        CommandAppException e => (ExitCodes.Usage, e.Message),
        HttpRequestException e => (ExitCodes.Unavailable, $"cannot reach the gateway: {e.Message}"),
        TaskCanceledException e when e.InnerException is TimeoutException => (ExitCodes.Unavailable, "the gateway did not answer in time"),
        OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
        JsonException e => (ExitCodes.Unavailable, $"unexpected answer from the gateway: {e.Message}"),
        _ => (ExitCodes.Unavailable, exception.Message),
    };

    /// <summary>The exit code of a refusal's HTTP status.</summary>
    public static int ForStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType => ExitCodes.Usage,
        HttpStatusCode.NotFound or HttpStatusCode.Gone => ExitCodes.NotFound,
        HttpStatusCode.Conflict => ExitCodes.Conflict,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorized,
        _ => ExitCodes.Unavailable,
    };
}
