using System.Security.Cryptography;
using System.Text;

namespace Cluster.Node.Webhooks;

/// <summary>
/// Webhook secrets as the Standard Webhooks specification has them: <c>whsec_</c> followed by the
/// base64 of 24 to 64 random bytes, those bytes being the HMAC-SHA256 key of every signature.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinKeyBytes = 24;
    public const int MaxKeyBytes = 64;
    private const int GeneratedKeyBytes = 32;

    /// <summary>A new secret with a 32-byte random key, for a webhook created without one.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

    /// <summary>Whether <paramref name="secret"/> is <c>whsec_</c> + base64 of 24 to 64 bytes.</summary>
    public static bool IsWellFormed(string secret) => TryKey(secret, out _);

    /// <summary>
    /// The signing key of a secret. A webhook stored before secrets followed the standard keeps its
    /// secret's UTF-8 bytes as key, so that its receiver still verifies with the text it was given.
    /// </summary>
    public static byte[] KeyOf(string secret) => TryKey(secret, out var key) ? key : Encoding.UTF8.GetBytes(secret);

    private static bool TryKey(string secret, out byte[] key)
    {
        key = [];
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret.AsSpan(Prefix.Length);
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var written) || written is < MinKeyBytes or > MaxKeyBytes)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }
}
