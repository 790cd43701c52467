using Messages.Groups;

namespace Cluster.Gateway.Groups;

/// <summary>How a kind of consumer reads a definition from a request body and writes it back in answers.</summary>
internal interface IDefinitionFormat
{
    ParsedDefinition Parse(ReadOnlyMemory<byte> body);

    /// <summary>The definition as the API shows it; <paramref name="justCreated"/> when this answer created it.</summary>
    object Describe(string topic, string name, GroupDefinition definition, bool justCreated, ParsedDefinition requested);

    /// <summary>The detail of the 409 when another definition exists under the name.</summary>
    string Conflict(string topic, string name, GroupDefinition existing);

    /// <summary>Whether an existing definition that differs from the requested one only in what the server chose itself counts as the same.</summary>
    bool SameAs(GroupDefinition existing, ParsedDefinition requested);
}

/// <summary>A definition read from a request body: the definition or the error for a 400, and whether the server made its secret.</summary>
internal sealed record ParsedDefinition(GroupDefinition? Definition, string? Error, bool SecretGenerated = false);
