using Cluster.Node.Groups;
using Cluster.Node.Reads;
using Messages.Groups;
using Messages.Streams;

namespace Cluster.Node.Tests.Groups;

/// <summary>
/// Seeded random walks over every operation of <see cref="GroupLedger"/>: after each step, every
/// rule of <see cref="GroupLedger.BrokenInvariants"/> holds. A failure names the seed, the step,
/// the operation and the broken rules, so it repeats.
/// </summary>
public sealed class GroupLedgerInvariantSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Streams = ["a-1", "a-2", "a-3", "a-4", "a-5"];

    [Theory]
    [InlineData(GroupOrdering.Stream, 1)]
    [InlineData(GroupOrdering.Stream, 2)]
    [InlineData(GroupOrdering.Stream, 3)]
    [InlineData(GroupOrdering.None, 4)]
    [InlineData(GroupOrdering.None, 5)]
    public void No_sequence_of_operations_breaks_a_rule(GroupOrdering ordering, int seed)
    {
        var walk = new Walk(ordering, seed);
        for (var step = 0; step < 3000; step++)
        {
            var operation = walk.Step();
            var broken = walk.Ledger.BrokenInvariants();
            Assert.True(broken.Count == 0, $"seed {seed}, step {step}, after {operation}: {string.Join("; ", broken)}");
        }

        // The walk went where the rules matter: events parked, replayed and settled, the checkpoint moved.
        Assert.True(walk.Parked > 0 && walk.Replayed > 0 && walk.Acked > 0, $"parked {walk.Parked}, replayed {walk.Replayed}, acked {walk.Acked}");
        Assert.True(walk.Ledger.Checkpoint > 0);
    }

    private sealed class Walk(GroupOrdering ordering, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<Delivery> _out = [];
        private readonly List<ParkedEvent> _parkingNotRecorded = [];
        private readonly List<StoredEvent> _parked = [];
        private DateTimeOffset _now = T0;
        private long _lastOffset;

        public GroupLedger Ledger { get; } = new(new GroupSettings(TimeSpan.FromSeconds(30), MaxDeliveries: 2, ordering, MaxInFlightPerMember: 3, ReadAhead: 12), checkpoint: 0);

        public int Parked { get; private set; }

        public int Replayed { get; private set; }

        public int Acked { get; private set; }

        public string Step()
        {
            switch (_random.Next(10))
            {
                case 0:
                case 1:
                    var count = Math.Min(Ledger.Room, _random.Next(1, 5));
                    Ledger.Add(Enumerable.Range(0, count).Select(_ => Event(++_lastOffset, Streams[_random.Next(Streams.Length)])).ToList());
                    return $"add {count}";
                case 2:
                    var joining = $"m{_random.Next(4)}";
                    Ledger.MemberJoined(joining, _random.Next(3) == 0 ? 1 : null);
                    return $"join {joining}";
                case 3:
                    var leaving = $"m{_random.Next(4)}";
                    Parking(Ledger.MemberLeft(leaving));
                    return $"leave {leaving}";
                case 4:
                case 5:
                    _out.AddRange(Ledger.Assign(_now));
                    return "assign";
                case 6:
                    if (Pick() is { } acked && Ledger.Ack(acked.Id))
                    {
                        Acked++;
                    }

                    return "ack";
                case 7:
                    if (Pick() is { } nacked && Ledger.Nack(nacked.Id, out var parked, _random.Next(2) == 0 ? _now.AddSeconds(5) : null) && parked is not null)
                    {
                        Parking([parked]);
                    }

                    return "nack";
                case 8:
                    _now = _now.AddSeconds(_random.Next(1, 40));
                    Parking(Ledger.Expire(_now));
                    return "time passes";
                default:
                    if (_random.Next(2) == 0)
                    {
                        Ledger.ParkingRecorded([.. _parkingNotRecorded]);
                        _parkingNotRecorded.Clear();
                        return "parking recorded";
                    }

                    Replayed += Ledger.Replay(_parked.OrderBy(_ => _random.Next()).Take(3).ToList());
                    return "replay";
            }
        }

        private Delivery? Pick()
        {
            if (_out.Count == 0)
            {
                return null;
            }

            var i = _random.Next(_out.Count);
            var picked = _out[i];
            _out.RemoveAt(i);
            return picked;
        }

        private void Parking(IReadOnlyList<ParkedEvent> parked)
        {
            Parked += parked.Count;
            _parkingNotRecorded.AddRange(parked);
            _parked.AddRange(parked.Select(p => p.Event));
        }

        private static StoredEvent Event(long offset, string stream) =>
            new(stream, offset, offset, new EventRecorded(Guid.NewGuid(), "Deposited", new byte[] { 0x7b, 0x7d }, ReadOnlyMemory<byte>.Empty, EventData.JsonContentType, 0));
    }
}
