using System.Globalization;
using System.Text;
using PmoFlow.Core.Value;

namespace PmoFlow.Streams.Portfolio;

/// <summary>
/// Thrown when a portfolio YAML or KPI readings CSV file holds errors; <see cref="Errors"/> lists every one with its
/// file:line, the initiative, the KPI and the key concerned.
/// </summary>
public sealed class PortfolioFileException : Exception
{
    /// <summary>Creates the exception from its errors.</summary>
    public PortfolioFileException(string file, IReadOnlyList<ValueDiagnostic> errors)
        : base(Describe(file, errors))
    {
        File = file;
        Errors = errors;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public PortfolioFileException()
        : this("Invalid portfolio file.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public PortfolioFileException(string message)
        : base(message)
    {
        File = string.Empty;
        Errors = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PortfolioFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
        Errors = [];
    }

    /// <summary>The file concerned.</summary>
    public string File { get; }

    /// <summary>Every error found, each with its location.</summary>
    public IReadOnlyList<ValueDiagnostic> Errors { get; }

    private static string Describe(string file, IReadOnlyList<ValueDiagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{file}: {errors.Count} error(s):");
        foreach (var e in errors)
        {
            sb.AppendLine().Append("  ").Append(e);
        }

        return sb.ToString();
    }
}
