using System.Collections.Concurrent;
using System.Text.Json;
using EventCluster.Client;

namespace Bank;

/// <summary>
/// A member of the consumer group <c>statements</c> on topic <c>acct</c>: for each account event it
/// writes a statement line, as an event of its own, to <c>statement-{account}</c>, then acks.
/// The group's stream ordering hands it one event per account at a time, in order, so the running
/// balance is right. The line reuses the account event's id: if the group redelivers an event
/// (after a crash before the ack), the append is recognised as already stored and nothing doubles.
/// </summary>
public sealed class StatementService(EventClusterClient client, string run)
{
    public const string Group = "statements";
    private readonly ConcurrentDictionary<string, long> _balances = new();

    public IReadOnlyDictionary<string, long> Balances => _balances;

    public int Lines { get; private set; }

    /// <summary>Creates the group if needed; only events published after it exists are its business.</summary>
    public Task CreateGroupAsync(CancellationToken ct) =>
        client.CreateGroupAsync("acct", Group, new GroupOptions(StartFrom: "latest", AckTimeoutSeconds: 30, MaxDeliveries: 5, Ordering: "stream"), ct);

    public async Task RunAsync(CancellationToken ct)
    {
        await foreach (var delivery in client.JoinGroupAsync("acct", Group, ct))
        {
            var e = delivery.Event;
            if (e.Stream.StartsWith($"acct-{run}-", StringComparison.Ordinal))
            {
                await WriteLineAsync(e, ct);
            }

            await client.AckAsync("acct", Group, [delivery.DeliveryId], ct);
        }
    }

    private async Task WriteLineAsync(RecordedEvent e, CancellationToken ct)
    {
        var amount = e.Data.GetProperty("amount").GetInt64();
        var balance = _balances.GetValueOrDefault(e.Stream) + (e.Type == "Withdrawn" ? -amount : amount);
        var line = JsonSerializer.SerializeToElement(new { account = e.Stream, accountSequence = e.Sequence, e.Type, amount, balance });
        var result = await client.AppendAsync($"statement-{e.Stream}", [new EventToAppend("StatementLine", line, EventId: e.EventId)], ct: ct);
        if (!result.AlreadyStored)
        {
            _balances[e.Stream] = balance;
            Lines++;
        }

        Console.WriteLine($"statement  {e.Stream} line {result.LastSequence}: {e.Type,-9} {amount,5} -> balance {balance}");
    }
}
