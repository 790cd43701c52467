using Bench;

// Drives a running gateway over HTTP. Examples:
//   dotnet run -c Release --project bench/Bench -- --url http://127.0.0.1:5000
//   dotnet run -c Release --project bench/Bench -- --phases failover --kill-pid "$(cat /tmp/event-cluster/node2.pid)"
//   dotnet run -c Release --project bench/Bench -- --phases nats --nats-url nats://127.0.0.1:4222   (reference run)
var options = BenchOptions.Parse(args);
Figures.Configure(options);
var runId = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 8192, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var client = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(120) };
if (options.ApiKey is { } key)
{
    // A gateway with API keys (--key): every request carries it, as a client of such a gateway would.
    client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
}

Console.WriteLine($"bench against {options.Url} (run {runId}), {Environment.ProcessorCount} cores");
foreach (var phase in options.Phases)
{
    switch (phase)
    {
        case "single":
            await PublishPhase.RunAsync(client, options, runId, batchSize: 1);
            break;
        case "batch":
            await PublishPhase.RunAsync(client, options, runId, batchSize: 100);
            break;
        case "multibatch":
            await MultiStreamBatchPhase.RunAsync(client, options, runId);
            break;
        case "ingest-one-stream":
            await MultiStreamBatchPhase.RunAsync(client, options, runId, oneStream: true);
            break;
        case "stream-catchup":
            await StreamCatchUpPhase.RunAsync(client, options, runId);
            break;
        case "catchup":
            await CatchUpPhase.RunAsync(client, options, runId);
            break;
        case "live":
            await LivePhase.RunAsync(client, options, runId);
            break;
        case "ingest":
            await IngestPhase.RunAsync(client, options, runId);
            break;
        case "overload":
            await OverloadPhase.RunAsync(client, options, runId);
            break;
        case "group":
            await GroupPhase.RunAsync(client, options, runId);
            break;
        case "webhook":
            await WebhookPhase.RunAsync(client, options, runId);
            break;
        case "nats":
            await NatsPhase.RunAsync(options, runId);
            break;
        case "expire":
            await ExpirePhase.RunAsync(client, options, runId);
            break;
        case "scavenge":
            await ScavengePhase.RunAsync(client, options, runId);
            break;
        case "failover":
            await FailoverPhase.RunAsync(client, options, runId);
            break;
        default:
            Console.Error.WriteLine($"unknown phase '{phase}' (single, batch, multibatch, ingest-one-stream, stream-catchup, catchup, live, ingest, overload, failover, nats, group, webhook, scavenge, expire)");
            return 2;
    }
}

return 0;
