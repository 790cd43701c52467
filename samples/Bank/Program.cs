using Bank;
using EventCluster.Client;

// The bank of the project's seed, end to end against a running gateway:
//   dotnet run --project samples/Bank -- --gateway http://127.0.0.1:5000
// Exits 0 when every account event got its statement line, the statements' balances equal the
// account service's, and the webhook receiver saw every event; 1 otherwise.
var gateway = new Uri(ArgumentAfter("--gateway") ?? "http://127.0.0.1:5000");
var run = Guid.NewGuid().ToString("N")[..6];
const int accounts = 4;
const int transactionsPerAccount = 10;
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
using var http = new HttpClient { BaseAddress = gateway };
var client = new EventClusterClient(http);

var secret = WebhookSignature.NewSecret();
await using var receiver = await LargeWithdrawalReceiver.StartAsync(secret);
var webhook = $"large-withdrawals-{run}";
await client.CreateWebhookAsync("acct", webhook, new WebhookOptions(receiver.Url, secret, MaxInFlight: 8, StartFrom: "latest"), timeout.Token);
Console.WriteLine($"webhook    {webhook} on topic acct -> {receiver.Url}");

var statements = new StatementService(client, run);
await statements.CreateGroupAsync(timeout.Token);
using var stopStatements = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
var statementsRunning = Task.Run(() => statements.RunAsync(stopStatements.Token));

var accountService = new AccountService(client, run);
await accountService.RunAsync(accounts, transactionsPerAccount, timeout.Token);

var expected = accountService.Published;
try
{
    while (statements.Lines < expected || receiver.Received < expected)
    {
        await Task.Delay(100, timeout.Token);
    }
}
catch (OperationCanceledException)
{
    Console.WriteLine($"FAILED: after 90 s, {statements.Lines} of {expected} statement lines and {receiver.Received} of {expected} webhook deliveries.");
    return 1;
}

await stopStatements.CancelAsync();
await statementsRunning.ContinueWith(_ => { }, TaskScheduler.Default);
await client.DeleteWebhookAsync("acct", webhook, CancellationToken.None);

Console.WriteLine();
Console.WriteLine($"{expected} account events; {statements.Lines} statement lines; {receiver.Received} webhook deliveries; {receiver.LargeWithdrawals.Count} large withdrawals logged.");
var ok = true;
foreach (var (account, balance) in accountService.Balances.OrderBy(b => b.Key))
{
    var statementBalance = statements.Balances.GetValueOrDefault(account);
    ok &= statementBalance == balance;
    Console.WriteLine($"{account}: account balance {balance}, statement balance {statementBalance}{(statementBalance == balance ? "" : "  MISMATCH")}");
}

Console.WriteLine(ok ? "OK" : "FAILED: balances differ.");
return ok ? 0 : 1;

string? ArgumentAfter(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
