namespace PmoFlow.Core.Flow;

/// <summary>A simple table a CLI can print as text, CSV or JSON without knowing the figure behind it.</summary>
/// <remarks>
/// Cells are strings (dates as <c>yyyy-MM-dd</c> local dates, instants as ISO 8601 UTC), integers, doubles
/// (at full precision: rounding is for the text and CSV printers and the charts, never JSON) or null for "no data".
/// </remarks>
/// <param name="Name">Table name, e.g. <c>items</c>, <c>throughput_daily</c>.</param>
/// <param name="Columns">Column names (snake_case).</param>
/// <param name="Rows">Rows, each with one cell per column.</param>
public sealed record Table(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
