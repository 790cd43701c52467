using Akka.Actor;
using Akka.Serialization;
using Akka.Util;

namespace Cluster.Node.Storage;

/// <summary>
/// A payload as Akka.Persistence.Sql stores it, in a journal row or a snapshot row: the serializer's
/// bytes, its id, and the manifest (the serializer's string manifest, or the type name when the
/// serializer asks for one).
/// </summary>
public readonly record struct StoredPayload(byte[] Bytes, string Manifest, int SerializerId)
{
    public static StoredPayload Of(ExtendedActorSystem system, Serializer serializer, object payload)
    {
        // Payloads that carry actor references need the system's address while serializing.
        var bytes = Akka.Serialization.Serialization.WithTransport(system, (serializer, payload), state => state.serializer.ToBinary(state.payload));
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => string.Empty,
        };
        return new StoredPayload(bytes, manifest, serializer.Identifier);
    }
}
