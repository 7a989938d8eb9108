using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("PmoFlow.Ingestion.Tests")]
[assembly: InternalsVisibleTo("PmoFlow.Streams.Tests")]
