using EventCluster.Cli.Bench;
using EventCluster.Cli.Common;
using EventCluster.Cli.Groups;
using EventCluster.Cli.Membership;
using EventCluster.Cli.Publishing;
using EventCluster.Cli.Reading;
using EventCluster.Cli.Streams;
using EventCluster.Cli.Topics;
using EventCluster.Cli.Webhooks;
using Spectre.Console.Cli;

// evc: one command per use of the gateway's HTTP API, all through src/Client. Every failure ends in
// ErrorReport: one line on stderr and an exit code from ExitCodes, which --help lists.
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("evc");
    config.UseAssemblyInformationalVersion();
    config.UseStrictParsing(); // an unknown option is a usage error, not silently ignored
    config.SetHelpProvider(new ExitCodesHelp(config.Settings));
    config.SetExceptionHandler((exception, _) => ErrorReport.Handle(exception));
    config.CancellationExitCode(ExitCodes.Interrupted);

    config.AddCommand<PublishCommand>("publish")
        .WithExample("publish", "acct-42", "--type", "Deposited", "--data", "{\"amount\":100}")
        .WithExample("publish", "acct-42", "--expected-version", "3", "<", "events.ndjson");
    config.AddCommand<ReadCommand>("read")
        .WithExample("read", "acct-42", "--from", "10")
        .WithExample("read", "acct", "--topic", "--after", "1234", "--all", "--json");
    config.AddCommand<TailCommand>("tail")
        .WithExample("tail", "$all")
        .WithExample("tail", "acct", "--topic", "--after", "1234", "--json");
    config.AddCommand<InfoCommand>("info").WithExample("info", "acct-42");
    config.AddCommand<TopicsCommand>("topics");
    config.AddCommand<StatsCommand>("stats").WithExample("stats", "acct", "--window", "10");
    config.AddBranch<GlobalSettings>("group", group =>
    {
        group.SetDescription("Consumer groups: create, status, tail, ack, parked, replay.");
        group.AddCommand<GroupCreateCommand>("create").WithExample("group", "create", "acct", "statements", "--max-deliveries", "3");
        group.AddCommand<GroupStatusCommand>("status");
        group.AddCommand<GroupTailCommand>("tail").WithExample("group", "tail", "acct", "statements", "--ack");
        group.AddCommand<GroupAckCommand>("ack").WithExample("group", "ack", "acct", "statements", "1234.1", "1235.1");
        group.AddCommand<GroupParkedCommand>("parked");
        group.AddCommand<GroupReplayCommand>("replay");
    });
    config.AddBranch<GlobalSettings>("webhook", webhook =>
    {
        webhook.SetDescription("Webhooks: create, status, delete.");
        webhook.AddCommand<WebhookCreateCommand>("create").WithExample("webhook", "create", "acct", "audit", "--url", "http://127.0.0.1:9000/hooks");
        webhook.AddCommand<WebhookStatusCommand>("status");
        webhook.AddCommand<WebhookDeleteCommand>("delete");
    });
    config.AddCommand<ClusterCommand>("cluster");
    config.AddCommand<BenchCommand>("bench").WithExample("bench", "--events", "20000", "--concurrency", "32", "--subscribe");
});

// Ctrl+C cancels the running command (a tail prints where to resume) instead of killing the process.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
return await app.RunAsync(args, interrupted.Token);
