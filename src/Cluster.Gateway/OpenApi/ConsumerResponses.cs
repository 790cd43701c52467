namespace Cluster.Gateway.OpenApi;

/// <summary>The answers every group and webhook endpoint shares, described once.</summary>
internal static class ConsumerResponses
{
    /// <summary>A PUT that creates a group or webhook: 201 created, 200 the same exists, 409 another exists; 413 above 64 KiB.</summary>
    public static RouteHandlerBuilder DescribesConsumerCreate<TBody, TDescription>(this RouteHandlerBuilder builder, string noun) =>
        builder.WithDescription($"201 created; 200 when the same {noun} exists with the same settings; 409 when it exists with others.")
            .WithRequestBody<TBody>(ApiMediaTypes.Json)
            .Produces<TDescription>(StatusCodes.Status201Created)
            .Produces<TDescription>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithConsumerProblems();

    /// <summary>200 with <typeparamref name="T"/>; 400 bad name, 404 no such group or webhook, 504 the entity did not answer.</summary>
    public static RouteHandlerBuilder DescribesConsumerAnswer<T>(this RouteHandlerBuilder builder) =>
        builder.Produces<T>(StatusCodes.Status200OK).WithConsumerProblems();

    /// <summary>204 deleted; 400, 404, 504 as above.</summary>
    public static RouteHandlerBuilder DescribesConsumerDelete(this RouteHandlerBuilder builder) =>
        builder.Produces(StatusCodes.Status204NoContent).WithConsumerProblems();

    /// <summary>An ack or nack: a body of delivery ids, 200 with what was settled; 413 above 256 KiB.</summary>
    public static RouteHandlerBuilder DescribesSettle(this RouteHandlerBuilder builder) =>
        builder.WithRequestBody<DeliveryIds>(ApiMediaTypes.Json)
            .Produces<SettleResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithConsumerProblems();

    /// <summary>A page of parked events after an offset.</summary>
    public static RouteHandlerBuilder DescribesParkedList(this RouteHandlerBuilder builder) =>
        builder.WithQuery("after", "List parked events with an offset above this one (default 0).")
            .WithQuery("limit", "Most parked events in the page (default 100, at most 1000).")
            .Produces<ParkedPage>(StatusCodes.Status200OK)
            .WithConsumerProblems();

    private static RouteHandlerBuilder WithConsumerProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
}
