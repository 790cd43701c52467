namespace Cluster.Node.Groups;

/// <summary>
/// A ledger's members in the order they joined, how many deliveries each holds and may hold, and
/// whose turn it is: events go to members with room in turn.
/// </summary>
internal sealed class MemberRoster
{
    private readonly List<string> _members = [];
    private readonly Dictionary<string, (int Held, int Limit)> _load = [];
    private int _next;

    public IReadOnlyList<string> Members => _members;

    public void Join(string member, int limit)
    {
        if (_load.TryAdd(member, (0, limit)))
        {
            _members.Add(member);
        }
    }

    public void Leave(string member)
    {
        _members.Remove(member);
        _load.Remove(member);
    }

    /// <summary>How many deliveries the member holds (0 for one that is not in).</summary>
    public int HeldBy(string member) => _load.TryGetValue(member, out var load) ? load.Held : 0;

    public int LimitOf(string member) => _load[member].Limit;

    public void Took(string member) => _load[member] = _load[member] with { Held = _load[member].Held + 1 };

    /// <summary>The member gave a delivery back or settled it (nothing for one that left).</summary>
    public void Released(string member)
    {
        if (_load.TryGetValue(member, out var load))
        {
            _load[member] = load with { Held = load.Held - 1 };
        }
    }

    /// <summary>The next member in turn that holds less than its limit, or null when all are full.</summary>
    public string? NextWithRoom()
    {
        for (var i = 0; i < _members.Count; i++)
        {
            var member = _members[(_next + i) % _members.Count];
            var load = _load[member];
            if (load.Held < load.Limit)
            {
                _next = (_next + i + 1) % _members.Count;
                return member;
            }
        }

        return null;
    }
}
