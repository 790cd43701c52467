using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace EventCluster.Cli.Common;

/// <summary>The standard help, with the exit codes and environment variables after it: scripts depend on them, so <c>--help</c> says them.</summary>
internal sealed class ExitCodesHelp(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        foreach (var part in base.GetFooter(model, command))
        {
            yield return part;
        }

        var codes = new Grid().AddColumn(new GridColumn().PadLeft(4).PadRight(2).NoWrap()).AddColumn();
        foreach (var (code, meaning) in ExitCodes.Table)
        {
            codes.AddRow(new Text(code.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(meaning));
        }

        yield return new Markup(Environment.NewLine + "[yellow]EXIT CODES:[/]" + Environment.NewLine);
        yield return codes;
        yield return new Markup(Environment.NewLine + "[yellow]ENVIRONMENT:[/]" + Environment.NewLine);
        yield return new Grid().AddColumn(new GridColumn().PadLeft(4).PadRight(2).NoWrap()).AddColumn()
            .AddRow(new Text(GlobalSettings.ServerVariable), new Text($"the gateway's address when --server is not given (default {GlobalSettings.DefaultServer})"))
            .AddRow(new Text(GlobalSettings.KeyVariable), new Text("the API key when --key is not given"));
    }
}
