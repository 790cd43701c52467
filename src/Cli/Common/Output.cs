using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EventCluster.Cli.Common;

/// <summary>
/// Where results go: stdout, as tables and lines for people or as JSON for scripts. Messages about
/// the run (progress, where to resume) go to stderr so they never mix with the results.
/// </summary>
internal sealed class Output(bool json)
{
    /// <summary>The JSON of every answer: camelCase, the same member names as the HTTP API.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };

    public bool IsJson { get; } = json;

    /// <summary>One JSON document (or one NDJSON line: always written on one line).</summary>
    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public static void Line(string text) => Console.Out.WriteLine(text);

    /// <summary>A note for the person at the terminal (stderr), never part of the results.</summary>
    public static void Note(string text) => Console.Error.WriteLine(text);

    public static void Write(IRenderable renderable) => AnsiConsole.Write(renderable);

    /// <summary>A table with these column headings; cells are plain text, never markup.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    /// <summary>Two columns, name and value: one record shown to a person.</summary>
    public static Table Fields(params (string Name, object? Value)[] fields)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
        foreach (var (name, value) in fields)
        {
            table.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(Format(value)));
        }

        return table;
    }

    public static Table Row(Table table, params object?[] cells) => table.AddRow(cells.Select(c => (IRenderable)new Text(Format(c))));

    public static string Format(object? value) => value switch
    {
        null => "",
        JsonElement e => e.GetRawText(),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
