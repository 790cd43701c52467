using Akka.Actor;

namespace Cluster.Node.Streams;

/// <summary>
/// The stream entities alive on this node, with an estimate of the memory each holds, so that the
/// node can keep them within a budget (<c>event-cluster.streams.entity-memory-budget</c>).
///
/// Why: sharding stops an entity only after it has been idle for <c>passivate-idle-entity-after</c>,
/// so the number of live entities grows with the number of streams written in that time, without
/// bound: a 256 MB ingest over 37,946 new streams left them all alive and the gateway at 565 MB
/// resident (docs/benchmarks.md). Above the budget, <see cref="LeastRecentlyUsedOverBudget"/> names the
/// entities that were active least recently; they stop (passivate), and their next append
/// recovers them from their snapshot and the journal, with their idempotency window.
///
/// An entity updates its own <see cref="Slot"/> in place after each commit (two field writes, no
/// lock, no message); only registering and unregistering, once per entity's life, take the lock.
/// </summary>
public sealed class ActiveStreams(long budgetBytes, Func<long>? clock = null)
{
    /// <summary>
    /// What an entity costs besides its idempotency window's ids: the actor, its mailbox, its
    /// persistence and sharding bookkeeping, its state. Measured: after a 256 MB ingest over 37,946
    /// new streams (20 ids each) the older generation held 233 MB more than on a fresh gateway, 6.1 KB an entity.
    /// </summary>
    public const long EntityBytes = 6144;

    /// <summary>What one id in an idempotency window costs (16 bytes, its hash slot, its filter byte and the chunk's slack).</summary>
    public const long WindowIdBytes = 20;

    private readonly Func<long> _clock = clock ?? (() => Environment.TickCount64);
    private readonly object _gate = new();
    private readonly HashSet<Slot> _slots = [];

    public long BudgetBytes { get; } = budgetBytes > 0
        ? budgetBytes
        : throw new ArgumentOutOfRangeException(nameof(budgetBytes), "The entity memory budget must be positive.");

    /// <summary>Live entities (an instantaneous count).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>The estimated memory of the live entities not yet named to stop, in bytes.</summary>
    public long EstimatedBytes
    {
        get
        {
            lock (_gate)
            {
                return SumOfUnasked();
            }
        }
    }

    public static long EstimateBytes(int windowIds) => EntityBytes + (windowIds * WindowIdBytes);

    public Slot Register(IActorRef entity, int windowIds)
    {
        var slot = new Slot(entity, _clock);
        slot.Touch(windowIds);
        lock (_gate)
        {
            _slots.Add(slot);
        }

        return slot;
    }

    public void Unregister(Slot slot)
    {
        lock (_gate)
        {
            _slots.Remove(slot);
        }
    }

    /// <summary>
    /// Over the budget: the entities to stop, least recently active first, until the others fit in
    /// nine tenths of it (so that a node at its budget does not stop one entity per new one). Each
    /// is named once, and no longer counts while it stops; it is named again only after it has
    /// been active since (an entity in use declines to stop, and its next commit marks it active).
    /// </summary>
    public IReadOnlyList<IActorRef> LeastRecentlyUsedOverBudget()
    {
        Slot[] candidates;
        long total;
        lock (_gate)
        {
            // The usual case, within the budget, copies nothing.
            total = SumOfUnasked();
            if (total <= BudgetBytes)
            {
                return [];
            }

            candidates = [.. _slots.Where(s => !s.Asked)];
        }

        var target = BudgetBytes / 10 * 9;
        var lastActive = candidates.Select(s => s.LastActive).ToArray();
        Array.Sort(lastActive, candidates);

        var chosen = new List<IActorRef>();
        foreach (var slot in candidates)
        {
            if (total <= target)
            {
                break;
            }

            slot.Asked = true;
            total -= slot.Bytes;
            chosen.Add(slot.Entity);
        }

        return chosen;
    }

    private long SumOfUnasked()
    {
        var total = 0L;
        foreach (var slot in _slots)
        {
            if (!slot.Asked)
            {
                total += slot.Bytes;
            }
        }

        return total;
    }

    /// <summary>One live entity: when it last committed and what it is estimated to hold. Written by the entity, read by the sweep.</summary>
    public sealed class Slot(IActorRef entity, Func<long> clock)
    {
        private long _lastActive;
        private long _bytes;
        private volatile bool _asked;

        public IActorRef Entity { get; } = entity;

        /// <summary>The clock's reading at its last activity (<see cref="Environment.TickCount64"/>, in milliseconds, unless a spec gives another).</summary>
        public long LastActive => Volatile.Read(ref _lastActive);

        public long Bytes => Volatile.Read(ref _bytes);

        /// <summary>It was named to stop and has not been active since.</summary>
        public bool Asked
        {
            get => _asked;
            internal set => _asked = value;
        }

        /// <summary>The entity was active and now holds <paramref name="windowIds"/> ids in its idempotency window.</summary>
        public void Touch(int windowIds)
        {
            Volatile.Write(ref _lastActive, clock());
            Volatile.Write(ref _bytes, EstimateBytes(windowIds));
            _asked = false;
        }
    }
}
