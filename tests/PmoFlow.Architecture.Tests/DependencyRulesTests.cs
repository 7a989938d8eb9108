using System.Reflection;

namespace PmoFlow.Architecture.Tests;

/// <summary>
/// The layer order of ARCHITECTURE.md, checked on the compiled assemblies: hosts (pmoflow, PmoFlow.Worker,
/// PmoFlow.Server) → the scheduled door (PmoFlow.Jobs) → the application layer (PmoFlow.Streams) → the stages
/// (PmoFlow.Ingestion, PmoFlow.Storage, PmoFlow.Reporting) → PmoFlow.Core.
/// </summary>
public class DependencyRulesTests
{
    private const BindingFlags All = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly string[] PmoFlowAssemblies =
        ["PmoFlow.Core", "PmoFlow.Ingestion", "PmoFlow.Storage", "PmoFlow.Reporting", "PmoFlow.Streams", "PmoFlow.Jobs", "PmoFlow.Server", "pmoflow", "PmoFlow.Worker"];

    /// <summary>What each assembly must not reference, each forbidden edge named on its own.</summary>
    public static TheoryData<string, string> ForbiddenReferences()
    {
        var data = new TheoryData<string, string>();
        void Forbid(string from, params string[] to)
        {
            foreach (var t in to)
            {
                data.Add(from, t);
            }
        }

        string[] hosts = ["pmoflow", "PmoFlow.Worker", "PmoFlow.Server"];
        Forbid("PmoFlow.Core", ["PmoFlow.Ingestion", "PmoFlow.Storage", "PmoFlow.Reporting", "PmoFlow.Streams", "PmoFlow.Jobs", .. hosts]);
        // The stages know only Core: ingestion writes through Core's IEventSink, which Storage implements.
        Forbid("PmoFlow.Ingestion", ["PmoFlow.Storage", "PmoFlow.Reporting", "PmoFlow.Streams", "PmoFlow.Jobs", .. hosts]);
        Forbid("PmoFlow.Storage", ["PmoFlow.Ingestion", "PmoFlow.Reporting", "PmoFlow.Streams", "PmoFlow.Jobs", .. hosts]);
        Forbid("PmoFlow.Reporting", ["PmoFlow.Storage", "PmoFlow.Ingestion", "PmoFlow.Streams", "PmoFlow.Jobs", .. hosts]);
        Forbid("PmoFlow.Streams", ["PmoFlow.Jobs", .. hosts]);
        Forbid("PmoFlow.Jobs", hosts);
        Forbid("PmoFlow.Server", "pmoflow", "PmoFlow.Worker");
        Forbid("PmoFlow.Worker", "pmoflow", "PmoFlow.Server");
        Forbid("pmoflow", "PmoFlow.Worker");
        return data;
    }

    [Theory]
    [MemberData(nameof(ForbiddenReferences))]
    public void Assembly_DoesNotReference(string assembly, string forbidden)
    {
        var refs = Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.True(!refs.Contains(forbidden), $"{assembly} references {forbidden}, which the layer order forbids.");
    }

    [Fact]
    public void EveryPmoFlowReference_PointsDownTheLayers()
    {
        var layer = new Dictionary<string, int>
        {
            ["PmoFlow.Core"] = 0, ["PmoFlow.Ingestion"] = 1, ["PmoFlow.Storage"] = 1, ["PmoFlow.Reporting"] = 1,
            ["PmoFlow.Streams"] = 2, ["PmoFlow.Jobs"] = 3, ["PmoFlow.Server"] = 4, ["pmoflow"] = 5, ["PmoFlow.Worker"] = 5,
        };
        var upward = new List<string>();
        foreach (var name in PmoFlowAssemblies)
        {
            foreach (var r in Load(name).GetReferencedAssemblies().Select(a => a.Name!).Where(layer.ContainsKey))
            {
                if (layer[r] >= layer[name])
                {
                    upward.Add($"{name} (layer {layer[name]}) → {r} (layer {layer[r]})");
                }
            }
        }

        Assert.True(upward.Count == 0, string.Join(Environment.NewLine, upward));
    }

    [Fact]
    public void Cli_UsesOnlyTheServersHostingEntryPoints()
    {
        // The CLI hosts the web door (`pmoflow serve`); it must not reach into the server's data or pages for rules.
        var cli = Load("pmoflow");
        var offenders = CalledMembersOf(cli)
            .Where(c => c.Member.DeclaringType?.Assembly.GetName().Name == "PmoFlow.Server"
                && c.Member.DeclaringType.Namespace is not "PmoFlow.Server.Hosting")
            .Select(c => $"{c.Caller} uses {c.Member.DeclaringType!.FullName}.{c.Member.Name}")
            .Distinct()
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void Core_ReferencesNoIoPackage()
    {
        string[] forbidden =
        [
            "Npgsql", "Dapper", "Quartz", "System.Net.Http", "Microsoft.AspNetCore", "CsvHelper", "YamlDotNet",
            "Polly", "Spectre.Console", "System.CommandLine", "Microsoft.Extensions.Hosting",
        ];
        var bad = Load("PmoFlow.Core").GetReferencedAssemblies().Select(a => a.Name!)
            .Where(r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal))).ToList();
        Assert.True(bad.Count == 0, $"PmoFlow.Core references I/O assemblies: {string.Join(", ", bad)}");
    }

    [Fact]
    public void Core_CallsNoFileSystemOrNetworkApi()
    {
        var offenders = CalledMembersOf(Load("PmoFlow.Core"))
            .Where(c => c.Member.DeclaringType is { } t
                && ((t.Namespace ?? string.Empty).StartsWith("System.IO", StringComparison.Ordinal) && t != typeof(Path)
                    || (t.Namespace ?? string.Empty).StartsWith("System.Net", StringComparison.Ordinal)))
            .Select(c => $"{c.Caller} calls {c.Member.DeclaringType!.FullName}.{c.Member.Name}")
            .Distinct()
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    /// <summary>The clock and unseeded random sources are read only by the composition roots (the CLI and the worker).</summary>
    [Theory]
    [InlineData("PmoFlow.Core")]
    [InlineData("PmoFlow.Ingestion")]
    [InlineData("PmoFlow.Storage")]
    [InlineData("PmoFlow.Reporting")]
    [InlineData("PmoFlow.Streams")]
    [InlineData("PmoFlow.Jobs")]
    [InlineData("PmoFlow.Server")]
    public void OutsideCompositionRoots_NoClockOrUnseededRandom(string assembly)
    {
        var offenders = CalledMembersOf(Load(assembly))
            .Where(c => IsBanned(c.Member))
            .Select(c => $"{c.Caller} calls {c.Member.DeclaringType?.FullName}.{c.Member.Name}")
            .Distinct()
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void IlReader_FindsABannedCall_InAMethodThatMakesOne()
    {
        // The oracle for the checks above: this test assembly's own helper does read the clock.
        var method = typeof(DependencyRulesTests).GetMethod(nameof(ReadsTheClock), All)!;
        Assert.Contains(IlReader.CalledMembers(method), IsBanned);
        var clean = typeof(DependencyRulesTests).GetMethod(nameof(Assembly_DoesNotReference), All)!;
        Assert.DoesNotContain(IlReader.CalledMembers(clean), IsBanned);
    }

    private static DateTimeOffset ReadsTheClock() => DateTimeOffset.UtcNow;

    private static bool IsBanned(MemberInfo m)
    {
        var name = m.DeclaringType?.FullName + "." + m.Name;
        return name is "System.DateTime.get_Now" or "System.DateTime.get_UtcNow" or "System.DateTimeOffset.get_Now"
                or "System.DateTimeOffset.get_UtcNow" or "System.DateTime.get_Today" or "System.Random.get_Shared"
            || (m.DeclaringType == typeof(Random) && m is ConstructorInfo ctor && ctor.GetParameters().Length == 0);
    }

    private static IEnumerable<(string Caller, MemberInfo Member)> CalledMembersOf(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = [.. ex.Types.OfType<Type>()];
        }

        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                foreach (var called in IlReader.CalledMembers(method))
                {
                    yield return ($"{type.FullName}.{method.Name}", called);
                }
            }
        }
    }

    private static Assembly Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        Assert.True(File.Exists(path), $"{path} missing");
        return Assembly.LoadFrom(path);
    }
}
