using Akka.Actor;

namespace Cluster.Node.Groups;

/// <summary>
/// The connected members of a group, by the key the ledger knows them by (the actor path with its
/// uid, so a member that reconnects under the same name is a new member).
/// </summary>
internal sealed class GroupMembers
{
    private readonly Dictionary<string, IActorRef> _byKey = [];

    public int Count => _byKey.Count;

    public IReadOnlyCollection<IActorRef> All => _byKey.Values;

    public static string KeyOf(IActorRef member) => member.Path.ToStringWithUid();

    /// <summary>False when the member is already in.</summary>
    public bool TryAdd(IActorRef member, out string key)
    {
        key = KeyOf(member);
        return _byKey.TryAdd(key, member);
    }

    /// <summary>False when the member was not in.</summary>
    public bool Remove(IActorRef member, out string key)
    {
        key = KeyOf(member);
        return _byKey.Remove(key);
    }

    public bool TryGet(string key, out IActorRef member) => _byKey.TryGetValue(key, out member!);

    public void Clear() => _byKey.Clear();
}
