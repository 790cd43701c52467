namespace Cluster.Gateway.OpenApi;

/// <summary>The media types the API speaks besides <c>application/json</c>.</summary>
public static class ApiMediaTypes
{
    public const string Json = "application/json";
    public const string Ndjson = "application/x-ndjson";
    public const string EventStream = "text/event-stream";
    public const string CloudEvent = "application/cloudevents+json";
    public const string CloudEventBatch = "application/cloudevents-batch+json";
}
