using Akka.Actor;
using Akka.Serialization;

namespace Messages.Serialization;

/// <summary>
/// Takes the place of Akka's JSON serializer (identifier 1, the fallback binding of
/// <c>System.Object</c>), which reads type names from its payload. With it in place, a message
/// that arrives claiming serializer 1 cannot make a node create an object of a type the payload
/// chooses, and a message of ours without a binding fails loudly instead of going out as JSON.
/// </summary>
public sealed class RefusingSerializer(ExtendedActorSystem system) : Serializer(system)
{
    /// <summary>The form Akka uses for a serializer that has settings (<c>serialization-settings.json</c>); they are ignored.</summary>
    public RefusingSerializer(ExtendedActorSystem system, Akka.Configuration.Config settings)
        : this(system)
    {
        _ = settings;
    }

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new ArgumentException($"{obj.GetType()} has no serializer binding; only the project's serializer and Akka's own carry messages.", nameof(obj));

    public override object FromBinary(byte[] bytes, Type? type) =>
        throw new System.Runtime.Serialization.SerializationException("Payloads for the JSON serializer are refused: it would create objects of types the payload names.");
}
