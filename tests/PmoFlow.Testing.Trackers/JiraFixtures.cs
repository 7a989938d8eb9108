using System.Text.Json.Nodes;

namespace PmoFlow.Testing.Trackers;

/// <summary>The recorded Jira responses, and facts counted from them independently of the connector.</summary>
public static class JiraFixtures
{
    public static string DevLake(string file) => TestPaths.Data("api-fixtures", "jira-devlake", file);

    /// <summary>The 33 board issues with their embedded changelogs (one issue per CSV row).</summary>
    public static List<JsonObject> DevLakeIssues() => DevLakeCsv.Objects(DevLake("_raw_jira_api_issues.csv"));

    /// <summary>The status list (one status per row; repeated for each board).</summary>
    public static JsonArray DevLakeStatuses() =>
        new([.. DevLakeCsv.Objects(DevLake("_raw_jira_api_status.csv")).DistinctBy(s => (string)s["id"]!)]);

    /// <summary>jirametrics' v2 "issue with expand=changelog" responses.</summary>
    public static List<JsonObject> JiraMetricsIssues() =>
        [.. Directory.GetFiles(TestPaths.Data("api-fixtures", "jira-jirametrics", "testdata"), "SP-*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())];

    public static JsonArray JiraMetricsStatuses() =>
        JsonNode.Parse(File.ReadAllText(TestPaths.Data("api-fixtures", "jira-jirametrics", "testdata", "sample_statuses.json")))!.AsArray();

    /// <summary>Every changelog item of an issue, ordered as Jira's history ids and instants say.</summary>
    public static IEnumerable<(string HistoryId, DateTimeOffset At, JsonObject Item)> Changes(JsonObject issue) =>
        issue["changelog"]!["histories"]!.AsArray()
            .Select(h => h!.AsObject())
            .OrderBy(h => JiraTime.Parse((string)h["created"]!))
            .ThenBy(h => long.Parse((string)h["id"]!, System.Globalization.CultureInfo.InvariantCulture))
            .SelectMany(h => h["items"]!.AsArray().Select(i => ((string)h["id"]!, JiraTime.Parse((string)h["created"]!), i!.AsObject())));

    public static bool IsStatus(JsonObject item) => (string?)item["fieldId"] == "status" || (string?)item["field"] == "status";

    /// <summary>Status names each issue moved to, in order.</summary>
    public static Dictionary<string, List<string?>> StatusSequences(IEnumerable<JsonObject> issues) => issues
        .Select(i => ((string)i["key"]!, Changes(i).Where(c => IsStatus(c.Item)).Select(c => (string?)c.Item["toString"]).ToList()))
        .Where(x => x.Item2.Count > 0)
        .ToDictionary(x => x.Item1, x => x.Item2);

    /// <summary>
    /// How many events a Jira source with default options stores for <paramref name="issues"/>, counted from the
    /// raw changelogs: one <c>created</c> per issue, plus one per changelog item (each history id once) whose field
    /// is status, Flagged, issuetype, resolution, or a parent field (Parent, IssueParentAssociation, Epic Link).
    /// </summary>
    public static int ExpectedEventCount(IEnumerable<JsonObject> issues)
    {
        string[] counted = ["status", "flagged", "issuetype", "resolution", "parent", "issueparentassociation", "epic link"];
        var total = 0;
        foreach (var issue in issues.DistinctBy(i => (string)i["id"]!))
        {
            total++;
            foreach (var history in issue["changelog"]!["histories"]!.AsArray().DistinctBy(h => (string)h!["id"]!))
            {
                total += history!["items"]!.AsArray().Count(i =>
                    counted.Contains(((string?)i!["fieldId"])?.ToLowerInvariant()) || counted.Contains(((string?)i!["field"])?.ToLowerInvariant()));
            }
        }

        return total;
    }
}
