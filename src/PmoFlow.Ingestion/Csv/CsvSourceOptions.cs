namespace PmoFlow.Ingestion.Csv;

/// <summary>Where a CSV source's files are and how their columns map to the canonical format.</summary>
/// <param name="EventsPath">The events file (absolute).</param>
/// <param name="ItemsPath">The optional items file (absolute).</param>
/// <param name="EventColumns">Canonical event column → the file's column name.</param>
/// <param name="ItemColumns">Canonical item column → the file's column name.</param>
/// <param name="Delimiter">The field delimiter (default comma).</param>
public sealed record CsvSourceOptions(
    string EventsPath,
    string? ItemsPath,
    IReadOnlyDictionary<string, string> EventColumns,
    IReadOnlyDictionary<string, string> ItemColumns,
    string Delimiter = ",");
