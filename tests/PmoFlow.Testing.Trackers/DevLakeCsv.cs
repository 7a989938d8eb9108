using System.Text.Json.Nodes;
using CsvHelper;

namespace PmoFlow.Testing.Trackers;

/// <summary>One row of an Apache DevLake raw-API fixture: the request URL and one JSON element of its response.</summary>
public sealed record DevLakeRow(string Url, string Data, string Input);

/// <summary>Reads DevLake's <c>_raw_*_api_*.csv</c> fixtures (columns id, params, data, url, input, created_at).</summary>
public static class DevLakeCsv
{
    public static IReadOnlyList<DevLakeRow> Read(string path)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), new CsvReaderOptions { HasHeader = true, AllowLineBreaksInQuotes = true }, leaveOpen: false);
        csv.ReadHeader();
        var headers = csv.Headers!.ToList();
        int url = headers.IndexOf("url"), data = headers.IndexOf("data"), input = headers.IndexOf("input");
        var rows = new List<DevLakeRow>();
        while (csv.Read())
        {
            rows.Add(new DevLakeRow(csv.GetString(url), csv.GetString(data), csv.GetString(input)));
        }

        return rows;
    }

    /// <summary>Every row's data parsed as a JSON object.</summary>
    public static List<JsonObject> Objects(string path) =>
        [.. Read(path).Select(r => JsonNode.Parse(r.Data)!.AsObject())];
}
