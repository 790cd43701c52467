using System.Security.Cryptography;
using System.Text;

namespace EventCluster.Client;

/// <summary>For webhook receivers: checks the <c>X-Signature</c> header of a delivery against the webhook's secret.</summary>
public static class WebhookSignature
{
    /// <summary>The request header that carries the signature.</summary>
    public const string Header = "X-Signature";

    /// <summary>
    /// True when <paramref name="signature"/> is the hex HMAC-SHA256 of <paramref name="body"/> (the
    /// raw request body, before any parsing) keyed with <paramref name="secret"/>; compared in
    /// constant time.
    /// </summary>
    public static bool IsValid(string secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null || signature.Length != 64)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        Span<byte> given = stackalloc byte[32];
        return Convert.FromHexString(signature, given, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 32
            && CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
