using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PmoFlow.Benchmarks.Connectors;

/// <summary>
/// A minimal Jira search endpoint on 127.0.0.1 (HttpListener, so the benchmark needs no ASP.NET Core):
/// seeded synthetic issues with embedded changelogs, startAt/maxResults paging and a fixed latency per request.
/// </summary>
public sealed class LoopbackJiraServer : LoopbackServer
{
    private readonly List<string> _issues = [];

    public LoopbackJiraServer(int issues, int statusChangesPerIssue, TimeSpan latency, int seed = 42)
        : base(latency)
    {
        var random = new Random(seed);
        string[] statuses = ["To Do", "In Progress", "Review", "Done"];
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < issues; i++)
        {
            var at = start.AddHours(i);
            var histories = new JsonArray();
            var from = statuses[0];
            for (var h = 0; h < statusChangesPerIssue; h++)
            {
                at = at.AddMinutes(random.Next(1, 600));
                var to = statuses[(h + 1) % statuses.Length];
                histories.Add(new JsonObject
                {
                    ["id"] = (i * 100 + h).ToString(CultureInfo.InvariantCulture),
                    ["created"] = Stamp(at),
                    ["items"] = new JsonArray(new JsonObject { ["field"] = "status", ["fieldId"] = "status", ["fromString"] = from, ["toString"] = to }),
                });
                from = to;
            }

            _issues.Add(new JsonObject
            {
                ["id"] = (10000 + i).ToString(CultureInfo.InvariantCulture),
                ["key"] = $"BEN-{i + 1}",
                ["fields"] = new JsonObject
                {
                    ["summary"] = $"Synthetic issue {i + 1}",
                    ["created"] = Stamp(start.AddHours(i)),
                    ["updated"] = Stamp(at),
                    ["issuetype"] = new JsonObject { ["name"] = "Story" },
                    ["status"] = new JsonObject { ["name"] = from },
                },
                ["changelog"] = new JsonObject { ["startAt"] = 0, ["maxResults"] = histories.Count, ["total"] = histories.Count, ["histories"] = histories },
            }.ToJsonString());
        }

        Start();
    }

    public int Requests => _requests;

    private int _requests;

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    protected override Task<string> Answer(HttpListenerRequest request)
    {
        Interlocked.Increment(ref _requests);
        var query = request.QueryString;
        var startAt = int.Parse(query["startAt"] ?? "0", CultureInfo.InvariantCulture);
        var maxResults = int.Parse(query["maxResults"] ?? "50", CultureInfo.InvariantCulture);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{{\"startAt\":{startAt},\"maxResults\":{maxResults},\"total\":{_issues.Count},\"issues\":[");
        body.AppendJoin(',', _issues.Skip(startAt).Take(maxResults));
        body.Append("]}");
        return Task.FromResult(body.ToString());
    }
}
