using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventCluster.Cli.Common;

/// <summary>Timestamps as the gateway writes them (UTC, <c>Z</c>), so <c>--json</c> output matches the API's event as read.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
