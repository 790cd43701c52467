using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventCluster.Client;

/// <summary>
/// For webhook receivers: verifies a delivery as the Standard Webhooks specification says
/// (standardwebhooks.com). The gateway signs <c>{webhook-id}.{webhook-timestamp}.{body}</c> with
/// HMAC-SHA256, keyed with the bytes of the webhook's secret (<c>whsec_</c> + base64), and sends
/// <c>webhook-signature: v1,&lt;base64&gt;</c>. Written here rather than taken from the StandardWebhooks
/// package so that this client needs no ASP.NET Core; the specs check it against that package.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The message id: the event's id, the same on every attempt (deduplicate on it).</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>When the POST was sent, in Unix seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>Space-separated signatures, <c>v1,&lt;base64&gt;</c>.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far a delivery's timestamp may be from now, either way, before it is refused as a replay.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>A new secret for a webhook: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// True when <paramref name="signatures"/> (the <c>webhook-signature</c> header: space-separated
    /// <c>v1,&lt;base64&gt;</c> entries) holds the signature of <paramref name="body"/> (the raw request
    /// body, before any parsing) under <paramref name="id"/> and <paramref name="timestamp"/>, compared
    /// in constant time, and the timestamp is within <see cref="Tolerance"/> of <paramref name="now"/>
    /// (default: the clock).
    /// </summary>
    public static bool IsValid(string secret, string? id, string? timestamp, ReadOnlySpan<byte> body, string? signatures, DateTimeOffset? now = null)
    {
        if (string.IsNullOrEmpty(id) || signatures is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs((now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return false;
        }

        var signed = new byte[Encoding.UTF8.GetByteCount(id) + timestamp!.Length + body.Length + 2];
        var at = Encoding.UTF8.GetBytes(id, signed);
        signed[at++] = (byte)'.';
        at += Encoding.ASCII.GetBytes(timestamp, signed.AsSpan(at));
        signed[at++] = (byte)'.';
        body.CopyTo(signed.AsSpan(at));
        var expected = HMACSHA256.HashData(KeyOf(secret), signed);

        Span<byte> given = stackalloc byte[64];
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(entry[3..], given, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(expected, given[..written]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The HMAC key of a secret: the base64 after <c>whsec_</c> (a secret without the prefix is used as UTF-8 text).</summary>
    private static byte[] KeyOf(string secret) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);
}
