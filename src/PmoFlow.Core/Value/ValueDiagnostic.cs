using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace PmoFlow.Core.Value;

/// <summary>How serious a value diagnostic is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValueSeverity>))]
public enum ValueSeverity
{
    /// <summary>The figure concerned is not computed (null) and the result says why.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning = 0,

    /// <summary>The input is wrong: nothing is computed until it is fixed.</summary>
    [JsonStringEnumMemberName("error")]
    Error = 1,
}

/// <summary>Where in an input file a value came from.</summary>
/// <param name="File">The file's path as given.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, when known.</param>
public sealed record SourceLocation(string File, int Line, int? Column = null)
{
    /// <summary><c>file:line</c> or <c>file:line:column</c>.</summary>
    public override string ToString() =>
        Column is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{c}")
            : string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");
}

/// <summary>
/// One problem with the value inputs, naming the initiative, the KPI and the field (YAML key path such as
/// <c>financials.discount_rate</c>) it concerns, and where it came from when it was read from a file.
/// </summary>
public sealed record ValueDiagnostic(
    ValueSeverity Severity,
    string? InitiativeId,
    string? Kpi,
    string Field,
    string Message)
{
    /// <summary>The file position, when the input came from a file.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>A one-line description: <c>file:line: initiative 'X', KPI 'Y', field 'f': message</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Location is not null)
        {
            sb.Append(Location).Append(": ");
        }

        sb.Append(Severity == ValueSeverity.Error ? "error: " : "warning: ");
        if (InitiativeId is not null)
        {
            sb.Append("initiative '").Append(InitiativeId).Append("', ");
        }

        if (Kpi is not null)
        {
            sb.Append("KPI '").Append(Kpi).Append("', ");
        }

        sb.Append("field '").Append(Field).Append("': ").Append(Message);
        return sb.ToString();
    }
}

/// <summary>Thrown when value inputs hold errors; <see cref="Errors"/> lists every one of them.</summary>
public sealed class ValueInputException : Exception
{
    /// <summary>Creates the exception from its errors (at least one).</summary>
    public ValueInputException(IReadOnlyList<ValueDiagnostic> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ValueInputException()
        : this("Invalid value inputs.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ValueInputException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ValueInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<ValueDiagnostic> Errors { get; }

    private static string Describe(IReadOnlyList<ValueDiagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"The portfolio inputs hold {errors.Count} error(s):");
        foreach (var e in errors)
        {
            sb.AppendLine().Append("  ").Append(e);
        }

        return sb.ToString();
    }
}
