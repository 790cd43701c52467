using System.Security.Cryptography;
using System.Text;

namespace Cluster.Gateway.CloudEvents;

/// <summary>
/// The idempotency key of a CloudEvent is its (<c>source</c>, <c>id</c>) pair: the stored
/// <c>eventId</c> is the RFC 9562 version-5 UUID, in the URL namespace, of <c>source</c> + U+0000 +
/// <c>id</c> (the separator cannot occur in either attribute, so no two pairs share a name).
/// </summary>
internal static class CloudEventIds
{
    // RFC 9562's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8, in network byte order.
    private static readonly byte[] UrlNamespace = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];

    public static Guid EventIdOf(string source, string id)
    {
        var name = Encoding.UTF8.GetBytes(source + '\0' + id);
        var hash = SHA1.HashData([.. UrlNamespace, .. name]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
