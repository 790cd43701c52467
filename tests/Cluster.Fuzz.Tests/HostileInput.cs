using System.Text;
using CsCheck;

namespace Cluster.Fuzz.Tests;

/// <summary>One generated request: an endpoint, names and query put into its path, a body, odd headers and an Authorization.</summary>
public sealed record FuzzRequest(Endpoint Endpoint, string Name, string Query, byte[] Body, string ContentType, IReadOnlyList<(string Header, string Value)> Headers, string? Authorization)
{
    /// <summary>The name goes in raw (odd characters reach the server as sent), but '#' and '?' escaped: raw, they would end the path on the client side.</summary>
    public string Path => Endpoint.PathTemplate.Replace("{name}", Name.Replace("#", "%23", StringComparison.Ordinal).Replace("?", "%3F", StringComparison.Ordinal), StringComparison.Ordinal) + Query;

    public override string ToString() =>
        $"{Endpoint.Method} {Path} [{ContentType}] auth={Authorization?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} headers={string.Join(";", Headers.Select(h => h.Header))} body={Body.Length} bytes: {Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 200)))}";
}

/// <summary>An endpoint of API.md; <c>{name}</c> marks where generated names go.</summary>
public sealed record Endpoint(string Method, string PathTemplate, bool IsSubscription = false, bool IsAppend = false, bool IsIngest = false);

/// <summary>The generators: hostile names, queries, bodies, headers and keys.</summary>
public static class HostileInput
{
    /// <summary>Streams seeded before fuzzing; appends aimed at them are tracked, so refused requests can be shown to change nothing.</summary>
    public static readonly string[] Sentinels = ["fz-s0", "fz-s1", "fz-s2"];

    public static readonly Endpoint[] Endpoints =
    [
        new("POST", "/streams/{name}", IsAppend: true),
        new("GET", "/streams/{name}"),
        new("GET", "/streams/{name}/info"),
        new("GET", "/streams/{name}/subscribe", IsSubscription: true),
        new("POST", "/ingest", IsIngest: true),
        new("GET", "/topics"),
        new("GET", "/topics/{name}"),
        new("GET", "/topics/{name}/subscribe", IsSubscription: true),
        new("GET", "/topics/{name}/stats"),
        new("PUT", "/topics/{name}/groups/g"),
        new("GET", "/topics/{name}/groups/g"),
        new("DELETE", "/topics/fz/groups/{name}"),
        new("GET", "/topics/fz/groups/{name}/subscribe", IsSubscription: true),
        new("POST", "/topics/{name}/groups/g/ack"),
        new("POST", "/topics/fz/groups/{name}/nack"),
        new("GET", "/topics/{name}/groups/g/parked"),
        new("POST", "/topics/fz/groups/{name}/parked/replay"),
        new("PUT", "/topics/{name}/webhooks/w"),
        new("PUT", "/topics/fz/webhooks/{name}"),
        new("GET", "/topics/{name}/webhooks/w"),
        new("DELETE", "/topics/fz/webhooks/{name}"),
        new("GET", "/topics/fz/webhooks/{name}/parked"),
        new("POST", "/topics/{name}/webhooks/w/parked/replay"),
        new("GET", "/health/live"),
        new("GET", "/health/ready"),
        new("GET", "/metrics"),
        new("GET", "/cluster"),
        new("GET", "/dashboard/topics/{name}/head"),
        new("GET", "/{name}"),
    ];

    private static readonly string[] NameSeeds =
    [
        "fz", "fz-s0", "fz-s1", "fz-s2", "fz-1", "$all", "*", "..", "../..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "%0a", "%ZZ", "a%2Fb",
        "%E2%80%AE", "%F0%9F%92%A5", "%C3%28", "a b", "a%20b", "-", "_", ".", "fz.", "fz:", "fz-", "CON", "index.html", "dashboard.js",
        "fz?x=1", "fz#frag", "%25", "\u00fc", "%FF%FE", "fz;drop", "fz'--", "<script>", "{{name}}",
    ];

    public static readonly Gen<string> Name = Gen.Frequency(
        (6, Gen.OneOf(NameSeeds)),
        (2, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_.:"], 1, 40]),
        (1, Gen.Int[190, 600].Select(n => new string('n', n))),
        (1, Gen.String[Gen.Char, 0, 12].Select(Uri.EscapeDataString)));

    public static readonly Gen<string> Query = Gen.OneOf(
        "", "", "", "?from=0", "?from=-1", "?from=99999999999999999999999", "?from=1e9", "?limit=0", "?limit=1001", "?limit=-5",
        "?after=abc", "?after=-1", "?after=9223372036854775807", "?after=9223372036854775808", "?windowSeconds=0", "?windowSeconds=301",
        "?windowSeconds=1", "?from=1&from=2", "?limit=%00", "?%ZZ=1", "?after=1&limit=1000", "?from=1&limit=1");

    private static readonly string ValidEvent = """{"type":"Fuzzed","data":{"n":1}}""";

    private static readonly string[] JsonSeeds =
    [
        ValidEvent,
        """[{"type":"Fuzzed","data":{"n":1}},{"type":"Fuzzed","data":[1,2,3]}]""",
        """{"type":"Fuzzed","data":1e999999}""",
        """{"type":"Fuzzed","data":123456789012345678901234567890123456789012345678901234567890}""",
        """{"type":"Fuzzed","data":-0.0000000000000000000000000001e-99999}""",
        """{"type":"","data":{}}""",
        """{"type":"bad type","data":{}}""",
        """{"type":"Fuzzed","data":{},"metadata":[]}""",
        """{"type":"Fuzzed","data":{},"metadata":"x"}""",
        """{"type":"Fuzzed","eventId":"not-a-guid","data":{}}""",
        """{"type":"Fuzzed","eventId":"00000000-0000-0000-0000-000000000000","data":{}}""",
        """[{"type":"A","eventId":"11111111-1111-1111-1111-111111111111"},{"type":"A","eventId":"11111111-1111-1111-1111-111111111111"}]""",
        """[]""", """{}""", """null""", """true""", """"str"""", """{"type":"A"} {"type":"B"}""", """{"type":"A",}""",
        """{"type":"A","type":"B","data":{}}""", """{"type":"A","data":{"a":"\ud800"}}""", """{"type":"A","data":"\u0000"}""",
        """{"ids":["1.1","x"]}""", """{"ids":[]}""", """{"ids":"1.1"}""", """{"ids":[1,2]}""",
        """{"startFrom":"latest","ackTimeoutSeconds":99999999999,"maxDeliveries":-1,"ordering":"none"}""",
        """{"startFrom":"earliest","ackTimeoutSeconds":5,"maxDeliveries":2,"ordering":"stream"}""",
        """{"url":"http://127.0.0.1:9/h","startFrom":"latest"}""",
        """{"url":"file:///etc/passwd","secret":"s"}""", """{"url":"http://[::1:bad","secret":"s"}""", """{"url":"javascript:alert(1)","secret":"s"}""",
        """{"stream":"fz-s0","type":"A","data":{}}""" + "\n" + """{"stream":"../x","type":"A"}""" + "\n" + "not json\n",
        """{"stream":"fz-s1","type":"A","data":{}""", "\n\n\n",
    ];

    /// <summary>Weights out of 200: bodies over the 1 MiB event limit are rare, so a run stays in the seconds per endpoint.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (64, Gen.OneOf(JsonSeeds).Select(Encoding.UTF8.GetBytes)),
        (24, Gen.Select(Gen.OneOf(JsonSeeds), Gen.Int[0, 100]).Select((json, cut) => Encoding.UTF8.GetBytes(json[..(json.Length * cut / 100)]))),
        (24, Gen.Byte.Array[0, 2048]),
        (16, Gen.Int[1, 20_000].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))),
        (8, Gen.Int[1, 5_000].Select(depth => Encoding.UTF8.GetBytes("{\"type\":\"A\",\"data\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}"))),
        (16, Gen.Byte.Array[1, 64].Select(bytes => Encoding.UTF8.GetBytes("{\"type\":\"A\",\"data\":\"").Concat(bytes).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray())),
        (8, Gen.Const(Array.Empty<byte>())),
        (1, Gen.Int[2, 3].Select(parts => Encoding.UTF8.GetBytes("{\"type\":\"A\",\"data\":\"" + new string('x', parts * 400_000) + "\"}"))),
        (16, Gen.String[Gen.Char, 0, 300].Select(Encoding.UTF8.GetBytes)),
        (23, Gen.Byte.Array[0, 40].Select(bytes => Encoding.UTF8.GetBytes("{\"type\":\"Fuzzed\",\"data\":{\"k\":").Concat(bytes).Concat("}}"u8.ToArray()).ToArray())));

    public static readonly Gen<string> ContentType = Gen.OneOf(
        "application/json", "application/json", "application/x-ndjson", "text/plain", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/octet-stream");

    private static readonly (string, string)[] HeaderSeeds =
    [
        ("Expected-Version", "any"), ("Expected-Version", "none"), ("Expected-Version", "-1"), ("Expected-Version", "99999999999999999999"),
        ("Expected-Version", "1, 2"), ("Expected-Version", "\u00e9"), ("Last-Event-ID", "-5"), ("Last-Event-ID", "abc"),
        ("Last-Event-ID", "99999999999999999999999"), ("X-Correlation-Id", "c1"), ("X-Correlation-Id", new string('c', 300)),
        ("X-Causation-Id", "x\ty"), ("Accept", "text/event-stream"), ("Accept-Encoding", "gzip, br"), ("Transfer-Encoding", "identity"),
    ];

    public static readonly Gen<(string, string)[]> Headers = Gen.OneOf(HeaderSeeds).Array[0, 4];

    public static readonly Gen<string?> Authorization = Gen.Frequency(
        (12, Gen.Const<string?>("Bearer " + FuzzGateway.RootKey)),
        (2, Gen.Const<string?>("Bearer fuzz-read-only-key-0123")),
        (1, Gen.Const<string?>((string?)null)),
        (1, Gen.OneOf<string?>("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + FuzzGateway.RootKey + "x", "bearer " + FuzzGateway.RootKey, "Bearer \u0000")),
        (1, Gen.String[Gen.Char.AlphaNumeric, 0, 100].Select(s => (string?)("Bearer " + s))));

    /// <summary>Requests at one endpoint.</summary>
    public static Gen<FuzzRequest> RequestTo(Endpoint endpoint) =>
        Gen.Select(Name, Query, Body, ContentType, Headers, Authorization, (n, q, b, c, h, a) => new FuzzRequest(endpoint, n, q, b, c, h, a));
}
