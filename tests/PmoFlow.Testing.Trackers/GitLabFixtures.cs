using System.Text.Json.Nodes;

namespace PmoFlow.Testing.Trackers;

/// <summary>DevLake's recorded GitLab issues (gitlab-data/snowflake_spend): issues only, no resource events.</summary>
public static class GitLabFixtures
{
    public static List<JsonObject> Issues() =>
        DevLakeCsv.Objects(TestPaths.Data("api-fixtures", "gitlab-devlake", "_raw_gitlab_api_issues.csv"));

    /// <summary>
    /// How many events a GitLab source stores for <paramref name="issues"/> when the server has no resource events:
    /// one <c>created</c> per issue and, for each closed issue, the move to closed that its <c>closed_at</c> stands for.
    /// </summary>
    public static int ExpectedEventCount(IEnumerable<JsonObject> issues)
    {
        var distinct = issues.DistinctBy(i => (long)i["id"]!).ToList();
        return distinct.Count + distinct.Count(i => (string?)i["state"] == "closed");
    }
}
