using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PmoFlow.Testing.Trackers;

/// <summary>The part of JQL the Jira fakes understand: the connector's <c>updated &gt;= 'yyyy/MM/dd HH:mm'</c> bound and <c>ORDER BY updated</c>.</summary>
public static partial class JiraJql
{
    /// <summary>The issues <paramref name="jql"/> selects, in the order it asks for.</summary>
    public static List<JsonObject> Apply(IEnumerable<JsonObject> issues, string jql)
    {
        if (UpdatedBound().Match(jql) is { Success: true } m)
        {
            var bound = DateTimeOffset.ParseExact(m.Groups[1].Value, "yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            issues = issues.Where(i => Updated(i) >= bound);
        }

        if (jql.Contains("ORDER BY updated", StringComparison.OrdinalIgnoreCase))
        {
            issues = issues.OrderBy(Updated).ThenBy(i => (string)i["key"]!, StringComparer.Ordinal);
        }

        return [.. issues];
    }

    /// <summary>An issue's <c>fields.updated</c>.</summary>
    public static DateTimeOffset Updated(JsonObject issue) => JiraTime.Parse((string)issue["fields"]!["updated"]!);

    [GeneratedRegex("updated >= '([^']+)'")]
    private static partial Regex UpdatedBound();
}
