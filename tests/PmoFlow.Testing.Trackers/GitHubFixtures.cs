using System.Text.Json.Nodes;

namespace PmoFlow.Testing.Trackers;

/// <summary>DevLake's recorded GitHub responses (panjf2000/ants), deduplicated by id as GitHub would serve them.</summary>
public static class GitHubFixtures
{
    public static List<JsonObject> Issues() =>
        [.. DevLakeCsv.Objects(TestPaths.Data("api-fixtures", "github-devlake", "_raw_github_api_issues.csv")).DistinctBy(i => (long)i["id"]!)];

    public static List<JsonObject> Events() =>
        [.. DevLakeCsv.Objects(TestPaths.Data("api-fixtures", "github-devlake", "_raw_github_api_events.csv")).DistinctBy(e => (long)e["id"]!)];

    public static bool IsPullRequest(JsonNode issue) => issue["pull_request"] is not null;

    public static readonly Dictionary<string, string> LabelStatuses = new()
    {
        ["help wanted"] = "Ready",
        ["pending development"] = "In Progress",
        ["proposal"] = "Proposed",
    };

    /// <summary>
    /// The status sequence per issue, worked out here from the raw events: oldest first, a status label moves an
    /// open issue to its status, closed moves it to Closed, repeats are not moves.
    /// </summary>
    public static Dictionary<string, List<string?>> ExpectedSequences(IEnumerable<JsonObject> events)
    {
        var result = new Dictionary<string, List<string?>>();
        foreach (var group in events.Where(e => !IsPullRequest(e["issue"]!)).GroupBy(e => ((long)e["issue"]!["number"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            var seq = new List<string?>();
            var closed = false;
            foreach (var e in group.OrderBy(e => (long)e["id"]!))
            {
                string? to = (string)e["event"]! switch
                {
                    "labeled" when !closed && LabelStatuses.TryGetValue((string)e["label"]!["name"]!, out var s) => s,
                    "closed" => "Closed",
                    _ => null,
                };
                closed |= (string)e["event"]! == "closed";
                if (to is not null && (seq.Count == 0 || seq[^1] != to))
                {
                    seq.Add(to);
                }
            }

            if (seq.Count > 0)
            {
                result[group.Key] = seq;
            }
        }

        return result;
    }

    /// <summary>
    /// How many events a GitHub source with <see cref="LabelStatuses"/> and the default blocked label stores: one
    /// <c>created</c> per issue, whether it is in the issue listing or only embedded in an event (the recording's
    /// events all concern issues older than its listing), the status moves of <see cref="ExpectedSequences"/>, one
    /// per assigned/unassigned event and one per blocked label added or removed; pull requests are left out.
    /// </summary>
    public static int ExpectedEventCount(IEnumerable<JsonObject> issues, IReadOnlyCollection<JsonObject> events)
    {
        var onIssues = events.Where(e => !IsPullRequest(e["issue"]!)).ToList();
        return issues.Where(i => !IsPullRequest(i)).Select(i => (long)i["number"]!)
                .Union(onIssues.Select(e => (long)e["issue"]!["number"]!))
                .Count()
            + ExpectedSequences(onIssues).Values.Sum(s => s.Count)
            + onIssues.Count(e => (string)e["event"]! is "assigned" or "unassigned")
            + onIssues.Count(e => (string)e["event"]! is "labeled" or "unlabeled"
                && string.Equals((string?)e["label"]?["name"], "blocked", StringComparison.OrdinalIgnoreCase));
    }
}
