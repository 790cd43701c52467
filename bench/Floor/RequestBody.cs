/// <summary>A request's whole body in memory: the durable floor writes the bytes it parsed.</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request)
    {
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }
}
