using System.Globalization;
using Microsoft.AspNetCore.Http;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Server.Api;

/// <summary>Reads and validates query parameters, collecting every problem for one 400 answer.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public IResult Problem() => Results.ValidationProblem(
        _errors,
        title: "Invalid request parameters",
        detail: "One or more query parameters are not valid; see errors.");

    public void Error(string name, string message) => _errors[name] = [message];

    public string? String(string name, int maxLength = 200)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            Error(name, $"At most {maxLength} characters.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// The conventions of <c>profile</c> and repeated <c>option=key=value</c> on top of <paramref name="streamOptions"/>
    /// (<see cref="Core.Model.FlowOptionNames.Resolve"/>); null when neither is given; an error names the bad one.
    /// </summary>
    public (Core.Model.FlowOptions Options, string Key)? Conventions(Core.Model.FlowOptions streamOptions)
    {
        var profile = String("profile", 40);
        var overrides = query["option"].Where(o => !string.IsNullOrEmpty(o)).Select(o => o!).ToList();
        if (profile is null && overrides.Count == 0)
        {
            return null;
        }

        if (overrides.Count > 50 || overrides.Any(o => o.Length > 2000))
        {
            Error("option", "At most 50 options of at most 2000 characters each.");
            return null;
        }

        try
        {
            var options = Core.Model.FlowOptionNames.Resolve(streamOptions, profile, overrides);
            return (options, "conventions:" + profile + "|" + string.Join("|", overrides));
        }
        catch (ArgumentException e)
        {
            Error(e.Message.StartsWith("Unknown profile", StringComparison.Ordinal) ? "profile" : "option", e.Message);
            return null;
        }
    }

    public DateOnly? Date(string name)
    {
        var text = String(name, 10);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(name, $"'{text}' is not a date (yyyy-MM-dd).");
        return null;
    }

    public DateOnly? Week(string name, string? text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || Core.Model.StreamCalendar.TryParseIsoWeek(text, out day))
        {
            return day;
        }

        Error(name, $"'{text}' is neither a date (yyyy-MM-dd) nor an ISO week (yyyy-Www).");
        return null;
    }

    public int? Int(string name, int min, int max)
    {
        var text = String(name, 12);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(name, $"'{text}' is not a whole number in {min}..{max}.");
        return null;
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var text = String(name, 40);
        if (text is null)
        {
            return null;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Error(name, $"'{text}' is not one of {string.Join(", ", allowed)}.");
        }

        return match;
    }

    public IReadOnlyList<double>? Percentiles(string name)
    {
        var text = String(name, 100);
        if (text is null)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !(p > 0 && p <= 100))
            {
                Error(name, $"'{part}' is not a percentile in (0, 100].");
                return null;
            }

            values.Add(p);
        }

        if (values.Count is 0 or > 20)
        {
            Error(name, "Give 1 to 20 percentiles separated by commas.");
            return null;
        }

        return [.. values.Distinct().Order()];
    }
}
