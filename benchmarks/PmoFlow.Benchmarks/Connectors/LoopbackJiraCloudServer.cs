using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PmoFlow.Benchmarks.Connectors;

/// <summary>
/// A synthetic Jira Cloud site on 127.0.0.1 (HttpListener) with a fixed latency per request, serving both the
/// way Cloud was read before CHANGE-2046 (<c>/rest/api/2/search</c> by startAt with embedded changelogs cut at
/// <see cref="EmbeddedHistories"/>, then <c>/issue/{id}/changelog</c> for the longer ones) and the way it is read
/// now (<c>/rest/api/3/search/jql</c> by nextPageToken, <c>POST /rest/api/3/changelog/bulkfetch</c>).
/// </summary>
/// <remarks>
/// Issue <c>i</c> has <see cref="LongHistory"/> status changes when <c>i % 5 == 0</c> (a fifth of the issues) and
/// <see cref="ShortHistory"/> otherwise. Requests are counted per path kind.
/// </remarks>
public sealed class LoopbackJiraCloudServer : LoopbackServer
{
    public const int ShortHistory = 6;
    public const int LongHistory = 30;
    public const int EmbeddedHistories = 20;

    private static readonly string[] Flow = ["To Do", "In Progress", "In Review", "Done"];

    private readonly List<(string Id, string Head, string[] Histories, DateTimeOffset[] At)> _issues = [];
    private readonly Dictionary<string, int> _index = [];
    private int _search;
    private int _changelog;
    private int _bulk;
    private int _other;

    public LoopbackJiraCloudServer(int issues, TimeSpan latency)
        : base(latency)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < issues; i++)
        {
            var id = (100000 + i).ToString(CultureInfo.InvariantCulture);
            var count = i % 5 == 0 ? LongHistory : ShortHistory;
            var histories = new string[count];
            var at = new DateTimeOffset[count];
            var t = start.AddMinutes(i);
            for (var h = 0; h < count; h++)
            {
                t = t.AddMinutes(1 + ((i + h) % 7));
                at[h] = t;
                histories[h] = new JsonObject
                {
                    ["id"] = (10_000_000L + ((long)i * 100) + h).ToString(CultureInfo.InvariantCulture),
                    ["created"] = Stamp(t),
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["field"] = "status", ["fieldtype"] = "jira", ["fieldId"] = "status",
                        ["fromString"] = Flow[h % 4], ["toString"] = Flow[(h + 1) % 4],
                    }),
                }.ToJsonString();
            }

            var head = new JsonObject
            {
                ["id"] = id,
                ["key"] = $"BEN-{i + 1}",
                ["fields"] = new JsonObject
                {
                    ["summary"] = $"Synthetic issue {i + 1}",
                    ["issuetype"] = new JsonObject { ["name"] = "Story" },
                    ["created"] = Stamp(start.AddMinutes(i)),
                    ["updated"] = Stamp(t),
                    ["status"] = new JsonObject { ["name"] = Flow[count % 4] },
                    ["labels"] = new JsonArray(),
                },
            }.ToJsonString();
            _index[id] = _issues.Count;
            _issues.Add((id, head, histories, at));
        }

        Start();
    }

    /// <summary>Status changes the whole site holds (the events a full read stores, besides one created per issue).</summary>
    public int StatusChanges => _issues.Sum(i => i.Histories.Length);

    public (int Search, int Changelog, int Bulk, int Other) Requests => (_search, _changelog, _bulk, _other);

    public void ResetCounts() => (_search, _changelog, _bulk, _other) = (0, 0, 0, 0);

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    protected override async Task<string> Answer(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath;
        var query = request.QueryString;
        if (path == "/rest/api/2/search")
        {
            Interlocked.Increment(ref _search);
            return OldSearch(Int(query["startAt"], 0), Int(query["maxResults"], 50));
        }

        if (path.EndsWith("/changelog", StringComparison.Ordinal) && path.StartsWith("/rest/api/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _changelog);
            return Changelog(path.Split('/')[^2], Int(query["startAt"], 0), Int(query["maxResults"], 100));
        }

        if (path == "/rest/api/3/search/jql")
        {
            Interlocked.Increment(ref _search);
            return NewSearch(query["nextPageToken"] is { } t ? Int(t, 0) : 0, Math.Min(100, Int(query["maxResults"], 50)));
        }

        if (path == "/rest/api/3/changelog/bulkfetch")
        {
            Interlocked.Increment(ref _bulk);
            using var reader = new StreamReader(request.InputStream);
            return Bulk(JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject());
        }

        Interlocked.Increment(ref _other);
        return path == "/rest/api/3/field" ? "[{\"id\":\"customfield_10021\",\"name\":\"Flagged\"}]" : "{\"deploymentType\":\"Cloud\"}";
    }

    private static int Int(string? s, int fallback) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private string OldSearch(int startAt, int max)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{{\"startAt\":{startAt},\"maxResults\":{max},\"total\":{_issues.Count},\"issues\":[");
        var first = true;
        foreach (var (_, head, histories, _) in _issues.Skip(startAt).Take(max))
        {
            sb.Append(first ? string.Empty : ",");
            first = false;
            var embedded = Math.Min(EmbeddedHistories, histories.Length);
            sb.Append(head, 0, head.Length - 1);
            sb.Append(CultureInfo.InvariantCulture, $",\"changelog\":{{\"startAt\":0,\"maxResults\":{embedded},\"total\":{histories.Length},\"histories\":[");
            sb.AppendJoin(',', histories.Take(embedded));
            sb.Append("]}}");
        }

        return sb.Append("]}").ToString();
    }

    private string Changelog(string id, int startAt, int max)
    {
        var histories = _issues[_index[id]].Histories;
        var page = histories.Skip(startAt).Take(max).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"startAt\":{startAt},\"maxResults\":{max},\"total\":{histories.Length},\"isLast\":{(startAt + page.Count >= histories.Length ? "true" : "false")},\"values\":[{string.Join(',', page)}]}}");
    }

    private string NewSearch(int start, int max)
    {
        var page = _issues.Skip(start).Take(max).Select(i => i.Head);
        var next = start + max < _issues.Count ? string.Create(CultureInfo.InvariantCulture, $"\"{start + max}\"") : "null";
        return $"{{\"issues\":[{string.Join(',', page)}],\"nextPageToken\":{next},\"isLast\":{(next == "null" ? "true" : "false")}}}";
    }

    private string Bulk(JsonObject request)
    {
        var ids = request["issueIdsOrKeys"]!.AsArray().Select(i => (string)i!).ToList();
        var start = (string?)request["nextPageToken"] is { } t ? Int(t, 0) : 0;
        var max = Math.Min(1000, (int?)request["maxResults"] ?? 1000);
        var all = ids.Select(id => _issues[_index[id]])
            .SelectMany(i => i.Histories.Select((h, k) => (i.Id, History: h, At: i.At[k])))
            .OrderBy(x => x.At).ThenBy(x => x.Id, StringComparer.Ordinal)
            .ToList();
        var page = all.Skip(start).Take(max).ToList();
        var logs = page.GroupBy(x => x.Id).Select(g => $"{{\"issueId\":\"{g.Key}\",\"changeHistories\":[{string.Join(',', g.Select(x => x.History))}]}}");
        var next = start + page.Count < all.Count ? string.Create(CultureInfo.InvariantCulture, $"\"{start + page.Count}\"") : "null";
        return $"{{\"issueChangeLogs\":[{string.Join(',', logs)}],\"nextPageToken\":{next}}}";
    }
}
