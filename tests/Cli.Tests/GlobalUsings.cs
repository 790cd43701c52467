global using Cluster.Tests.Shared;
