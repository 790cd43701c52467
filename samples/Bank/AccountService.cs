using System.Text.Json;
using EventCluster.Client;

namespace Bank;

/// <summary>
/// Publishes what happens to accounts: each account is a stream (<c>acct-{run}-{n}</c>, topic
/// <c>acct</c>), opened with a deposit, then random deposits and withdrawals. Every append carries
/// the version the service last saw (optimistic concurrency) and a withdrawal never overdraws.
/// </summary>
public sealed class AccountService(EventClusterClient client, string run)
{
    private readonly Random _random = new(42);

    /// <summary>The balance of each account as this service computed it, to compare with the statements.</summary>
    public Dictionary<string, long> Balances { get; } = [];

    public int Published { get; private set; }

    public async Task RunAsync(int accounts, int transactionsPerAccount, CancellationToken ct)
    {
        var versions = new Dictionary<string, long>();
        var names = Enumerable.Range(1, accounts).Select(n => $"acct-{run}-{n}").ToList();
        foreach (var account in names)
        {
            await AppendAsync(account, "Deposited", 1_000, ExpectedVersion.NoStream, versions, ct);
        }

        for (var i = 0; i < transactionsPerAccount; i++)
        {
            foreach (var account in names)
            {
                var withdraw = _random.Next(2) == 0 && Balances[account] >= 20;
                var amount = withdraw ? _random.Next(20, (int)Math.Min(Balances[account], 900) + 1) : _random.Next(50, 900);
                await AppendAsync(account, withdraw ? "Withdrawn" : "Deposited", amount, ExpectedVersion.Exactly(versions[account]), versions, ct);
            }
        }
    }

    private async Task AppendAsync(string account, string type, long amount, ExpectedVersion expected, Dictionary<string, long> versions, CancellationToken ct)
    {
        var data = JsonSerializer.SerializeToElement(new { amount });
        var result = await client.AppendAsync(account, [new EventToAppend(type, data)], expected, ct);
        versions[account] = result.LastSequence;
        Balances[account] = Balances.GetValueOrDefault(account) + (type == "Withdrawn" ? -amount : amount);
        Published++;
        Console.WriteLine($"account    {account} {type,-9} {amount,5}  (version {result.LastSequence})");
    }
}
