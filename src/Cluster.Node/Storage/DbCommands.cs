using System.Data.Common;

namespace Cluster.Node.Storage;

/// <summary>Provider-neutral parameters: every database the project supports names them <c>@name</c>.</summary>
internal static class DbCommands
{
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
