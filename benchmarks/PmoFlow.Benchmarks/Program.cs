using BenchmarkDotNet.Running;

namespace PmoFlow.Benchmarks;

/// <summary>Runs PmoFlow's benchmarks: <c>dotnet run -c Release --project benchmarks/PmoFlow.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
