using System.ComponentModel;
using Spectre.Console.Cli;

namespace EventCluster.Cli.Common;

/// <summary>The options every command takes: where the gateway is, the API key, and the output form.</summary>
internal class GlobalSettings : CommandSettings
{
    public const string ServerVariable = "EVC_SERVER";
    public const string KeyVariable = "EVC_KEY";
    public const string DefaultServer = "http://127.0.0.1:5000";

    [CommandOption("--server <URL>")]
    [Description("The gateway's address (else $EVC_SERVER, else http://127.0.0.1:5000).")]
    public string? Server { get; set; }

    [CommandOption("--key <KEY>")]
    [Description("API key, sent as Authorization: Bearer (else $EVC_KEY).")]
    public string? Key { get; set; }

    [CommandOption("--json")]
    [Description("Machine-readable output: one JSON document, or one JSON object per line for event streams.")]
    public bool Json { get; set; }
}
