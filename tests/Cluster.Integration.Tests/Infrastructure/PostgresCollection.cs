using Cluster.Tests.Shared;

namespace Cluster.Integration.Tests.Infrastructure;

/// <summary>One throw-away PostgreSQL server shared by the specs that run clusters on it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
