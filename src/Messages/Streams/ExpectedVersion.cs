namespace Messages.Streams;

/// <summary>
/// Optimistic-concurrency condition of an append, as sent in the <c>Expected-Version</c> header.
/// Encoded as one number on the wire: -1 any, -2 none, -3 exists, N >= 0 an exact version.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyCode = -1;
    private const long NoStreamCode = -2;
    private const long ExistsCode = -3;

    private ExpectedVersion(long code) => Code = code;

    /// <summary>The wire encoding of this condition.</summary>
    public long Code { get; }

    public static ExpectedVersion Any { get; } = new(AnyCode);
    public static ExpectedVersion NoStream { get; } = new(NoStreamCode);
    public static ExpectedVersion StreamExists { get; } = new(ExistsCode);

    public static ExpectedVersion Exactly(long version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), "A version is never negative.");

    public static ExpectedVersion FromCode(long code) =>
        code is >= ExistsCode ? new(code) : throw new ArgumentOutOfRangeException(nameof(code), $"Unknown expected-version code {code}.");

    /// <summary>Whether a stream currently at <paramref name="currentVersion"/> satisfies the condition.</summary>
    public bool IsSatisfiedBy(long currentVersion) => Code switch
    {
        AnyCode => true,
        NoStreamCode => currentVersion == 0,
        ExistsCode => currentVersion > 0,
        _ => currentVersion == Code,
    };

    /// <summary>Parses the header forms <c>any</c>, <c>none</c>, <c>exists</c> and a non-negative integer.</summary>
    public static bool TryParse(string? text, out ExpectedVersion expected)
    {
        expected = Any;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "any":
                return true;
            case "none":
                expected = NoStream;
                return true;
            case "exists":
                expected = StreamExists;
                return true;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            expected = Exactly(n);
            return true;
        }

        return false;
    }

    public override string ToString() => Code switch
    {
        AnyCode => "any",
        NoStreamCode => "none",
        ExistsCode => "exists",
        _ => Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
