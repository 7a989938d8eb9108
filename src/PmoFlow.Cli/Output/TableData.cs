namespace PmoFlow.Cli.Output;

/// <summary>A named table the CLI prints as a table, CSV or JSON.</summary>
/// <param name="Name">Table name (e.g. <c>items</c>).</param>
/// <param name="Columns">Column names (snake_case, as documented).</param>
/// <param name="Rows">Rows of values; null prints as empty (CSV/table) or null (JSON).</param>
public sealed record TableData(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
