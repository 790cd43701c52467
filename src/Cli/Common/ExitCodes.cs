namespace EventCluster.Cli.Common;

/// <summary>
/// What <c>evc</c> exits with, so a script can tell what went wrong without parsing messages. Stated
/// once here; the help footer and docs/cli.md list the same table.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments or options, or input the gateway refused as malformed (400, 413, 415).</summary>
    public const int Usage = 1;

    /// <summary>No such stream, group or webhook (404), or a tombstoned stream (410).</summary>
    public const int NotFound = 2;

    /// <summary>Wrong expected version, or a group or webhook that exists with other settings (409).</summary>
    public const int Conflict = 3;

    /// <summary>Missing or unknown key (401), or a key without the right (403).</summary>
    public const int Unauthorized = 4;

    /// <summary>The gateway could not be reached, timed out, was overloaded (503, 429) or failed otherwise.</summary>
    public const int Unavailable = 5;

    /// <summary>Interrupted (Ctrl+C), as shells report a SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>The table shown by <c>--help</c>.</summary>
    public static readonly IReadOnlyList<(int Code, string Meaning)> Table =
    [
        (Ok, "success"),
        (Usage, "usage error: bad arguments or options, or input refused as malformed (400, 413, 415)"),
        (NotFound, "not found: no such stream, group or webhook (404, 410)"),
        (Conflict, "conflict: wrong expected version, or exists with other settings (409)"),
        (Unauthorized, "unauthorized or forbidden: missing/unknown key or missing right (401, 403)"),
        (Unavailable, "server unavailable or other failure: unreachable, timeout, 5xx, 429"),
        (Interrupted, "interrupted (Ctrl+C)"),
    ];
}
