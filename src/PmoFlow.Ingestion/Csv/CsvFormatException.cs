namespace PmoFlow.Ingestion.Csv;

/// <summary>A CSV file that cannot be read at all (e.g. its header does not fit); nothing from it is written.</summary>
public sealed class CsvFormatException : Exception
{
    public CsvFormatException()
    {
    }

    public CsvFormatException(string message)
        : base(message)
    {
    }

    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
