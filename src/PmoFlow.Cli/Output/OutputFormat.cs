namespace PmoFlow.Cli.Output;

/// <summary>How a command prints its results.</summary>
public enum OutputFormat
{
    /// <summary>Human-readable tables (Spectre.Console).</summary>
    Table = 0,

    /// <summary>CSV, one block per table (tables separated by a blank line and a <c># name</c> line when there are several).</summary>
    Csv = 1,

    /// <summary>One JSON document (camelCase, nulls kept as "no data").</summary>
    Json = 2,
}
