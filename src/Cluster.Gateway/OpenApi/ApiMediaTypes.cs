namespace Cluster.Gateway.OpenApi;

/// <summary>The media types the API speaks besides <c>application/json</c>.</summary>
internal static class ApiMediaTypes
{
    public const string Json = "application/json";
    public const string Ndjson = "application/x-ndjson";
    public const string EventStream = "text/event-stream";
    public const string CloudEvent = Node.Reads.CloudEventForm.MediaType;
    public const string CloudEventBatch = Node.Reads.CloudEventForm.BatchMediaType;
}
