namespace Cluster.Gateway.Stats;

/// <summary>One topic's figures over a window (<c>GET /topics/{topic}/stats</c>).</summary>
/// <param name="PerSecond">One count per second of the window, oldest first; the last is the current second.</param>
/// <param name="StreamsCapped">True when more streams were active than this process tracks per topic, so <paramref name="ActiveStreams"/> is a lower bound.</param>
internal sealed record TopicWindowStats(string Topic, int WindowSeconds, long Events, IReadOnlyList<long> PerSecond, IReadOnlyDictionary<string, long> ByType, int ActiveStreams, bool StreamsCapped);

/// <summary>
/// Per-second event counts of the live flow, by topic and by event type, and the streams seen,
/// over the last <see cref="MaxWindowSeconds"/> seconds. Every part is bounded whatever the event
/// rate: ring buffers of one slot per second, at most <see cref="MaxTopics"/> topics (the least
/// recently active is dropped for a new one), <see cref="MaxTypesPerTopic"/> event types per topic
/// (further types count as <see cref="OtherType"/>) and <see cref="MaxStreamsPerTopic"/> streams.
/// The caller passes the clock in (a second number) and serializes calls.
/// </summary>
internal sealed class TopicWindows
{
    public const int MaxWindowSeconds = 300;
    public const int MaxTopics = 200;
    public const int MaxTypesPerTopic = 50;
    public const int MaxStreamsPerTopic = 5_000;
    public const string OtherType = "(other)";

    private readonly Dictionary<string, TopicWindow> _topics = new(StringComparer.Ordinal);

    /// <summary>The topics tracked now.</summary>
    public IEnumerable<string> Topics => _topics.Keys;

    /// <summary>Counts a commit of <paramref name="types"/> (one per event) to <paramref name="stream"/> in second <paramref name="second"/>.</summary>
    public void Record(string topic, string stream, IReadOnlyList<string> types, long second)
    {
        if (types.Count == 0)
        {
            return;
        }

        WindowOf(topic, second).Record(stream, types, second);
    }

    public TopicWindowStats Query(string topic, int windowSeconds, long now)
    {
        if (windowSeconds is < 1 or > MaxWindowSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSeconds), $"A window is 1 to {MaxWindowSeconds} seconds.");
        }

        return _topics.TryGetValue(topic, out var window)
            ? window.Query(topic, windowSeconds, now)
            : new TopicWindowStats(topic, windowSeconds, 0, new long[windowSeconds], new Dictionary<string, long>(), 0, false);
    }

    private TopicWindow WindowOf(string topic, long second)
    {
        if (_topics.TryGetValue(topic, out var window))
        {
            return window;
        }

        if (_topics.Count >= MaxTopics)
        {
            var stalest = _topics.MinBy(t => t.Value.LastSecond);
            _topics.Remove(stalest.Key);
        }

        window = new TopicWindow(second);
        _topics[topic] = window;
        return window;
    }

    private sealed class TopicWindow(long created)
    {
        private readonly Slots _events = new();
        private readonly Dictionary<string, Slots> _types = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _streamLastSecond = new(StringComparer.Ordinal);
        private long _sweptSecond = long.MinValue;
        private bool _capped;

        public long LastSecond { get; private set; } = created;

        public void Record(string stream, IReadOnlyList<string> types, long second)
        {
            LastSecond = Math.Max(LastSecond, second);
            _events.Add(second, types.Count);
            for (var i = 0; i < types.Count; i++) // not foreach: that boxes the list's enumerator per commit
            {
                TypeSlots(types[i]).Add(second, 1);
            }

            if (_streamLastSecond.Count >= MaxStreamsPerTopic && !_streamLastSecond.ContainsKey(stream))
            {
                if (second > _sweptSecond)
                {
                    ForgetStreamsOutsideEveryWindow(second);
                }

                if (_streamLastSecond.Count >= MaxStreamsPerTopic)
                {
                    _capped = true;
                    return;
                }
            }

            _streamLastSecond[stream] = second;
        }

        /// <summary>
        /// Drops the streams last seen before every window; only then does a full topic count as
        /// capped. At most once a second: within one second no tracked stream can fall out of the
        /// windows, and a full topic whose streams are all recent (a topic that just had thousands
        /// of writers) would otherwise scan every tracked stream again for each event of a stream
        /// it cannot take.
        /// </summary>
        private void ForgetStreamsOutsideEveryWindow(long second)
        {
            _sweptSecond = second;
            foreach (var (stream, last) in _streamLastSecond)
            {
                if (last <= second - MaxWindowSeconds)
                {
                    _streamLastSecond.Remove(stream); // removing while enumerating is allowed for Dictionary
                }
            }
        }

        public TopicWindowStats Query(string topic, int windowSeconds, long now)
        {
            var perSecond = _events.Window(windowSeconds, now);
            var byType = _types
                .Select(t => (t.Key, Count: t.Value.Window(windowSeconds, now).Sum()))
                .Where(t => t.Count > 0)
                .ToDictionary(t => t.Key, t => t.Count, StringComparer.Ordinal);
            var active = _streamLastSecond.Count(s => s.Value > now - windowSeconds && s.Value <= now);
            return new TopicWindowStats(topic, windowSeconds, perSecond.Sum(), perSecond, byType, active, _capped);
        }

        private Slots TypeSlots(string type)
        {
            if (_types.TryGetValue(type, out var slots))
            {
                return slots;
            }

            if (_types.Count >= MaxTypesPerTopic)
            {
                type = OtherType;
                if (_types.TryGetValue(type, out slots))
                {
                    return slots;
                }
            }

            slots = new Slots();
            _types[type] = slots;
            return slots;
        }
    }

    /// <summary>A ring of per-second counts; a slot holds the second it counts, so stale slots read as 0.</summary>
    private sealed class Slots
    {
        private readonly long[] _counts = new long[MaxWindowSeconds];
        private readonly long[] _seconds = Enumerable.Repeat(long.MinValue, MaxWindowSeconds).ToArray();

        public void Add(long second, long count)
        {
            var i = (int)(((second % MaxWindowSeconds) + MaxWindowSeconds) % MaxWindowSeconds);
            if (_seconds[i] != second)
            {
                _seconds[i] = second;
                _counts[i] = 0;
            }

            _counts[i] += count;
        }

        /// <summary>The counts of seconds now-window+1 … now, oldest first.</summary>
        public long[] Window(int windowSeconds, long now)
        {
            var result = new long[windowSeconds];
            for (var k = 0; k < windowSeconds; k++)
            {
                var second = now - windowSeconds + 1 + k;
                var i = (int)(((second % MaxWindowSeconds) + MaxWindowSeconds) % MaxWindowSeconds);
                result[k] = _seconds[i] == second ? _counts[i] : 0;
            }

            return result;
        }
    }
}
