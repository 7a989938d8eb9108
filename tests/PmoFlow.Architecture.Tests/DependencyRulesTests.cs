using System.Reflection;

namespace PmoFlow.Architecture.Tests;

/// <summary>The dependency rules of ARCHITECTURE.md, checked on the compiled assemblies.</summary>
public class DependencyRulesTests
{
    private static readonly string[] ForbiddenInCore =
    [
        "Npgsql", "Dapper", "Quartz", "System.Net.Http", "Microsoft.AspNetCore", "CsvHelper", "YamlDotNet",
        "Polly", "Spectre.Console", "System.CommandLine", "Microsoft.Extensions.Hosting",
        "PmoFlow.Storage", "PmoFlow.Ingestion", "PmoFlow.Reporting", "PmoFlow.Jobs", "PmoFlow.Cli", "PmoFlow.Server",
    ];

    [Fact]
    public void Core_ReferencesNoIoPackageAndNoOtherPmoFlowProject()
    {
        var core = typeof(PmoFlow.Core.Model.Workflow).Assembly;
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var bad = references.Where(r => ForbiddenInCore.Any(f => r.StartsWith(f, StringComparison.Ordinal))).ToList();

        Assert.True(bad.Count == 0, $"PmoFlow.Core references I/O assemblies: {string.Join(", ", bad)}");
    }

    [Fact]
    public void Core_CallsNoFileSystemNetworkClockOrUnseededRandomApis()
    {
        var core = typeof(PmoFlow.Core.Model.Workflow).Assembly;
        var offenders = new List<string>();
        foreach (var type in core.GetTypes())
        {
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (var called in CalledMembers(method))
                {
                    if (IsForbidden(called))
                    {
                        offenders.Add($"{type.FullName}.{method.Name} calls {called.DeclaringType?.FullName}.{called.Name}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders.Distinct()));
    }

    private static bool IsForbidden(MemberInfo m)
    {
        var ns = m.DeclaringType?.Namespace ?? string.Empty;
        var name = m.DeclaringType?.FullName + "." + m.Name;
        return ns.StartsWith("System.IO", StringComparison.Ordinal) && !ns.StartsWith("System.IO.Hashing", StringComparison.Ordinal)
                   && m.DeclaringType != typeof(Path)
            || ns.StartsWith("System.Net", StringComparison.Ordinal)
            || name is "System.DateTime.get_Now" or "System.DateTime.get_UtcNow" or "System.DateTimeOffset.get_Now"
                or "System.DateTimeOffset.get_UtcNow" or "System.DateTime.get_Today"
            || (m.DeclaringType == typeof(Random) && m is ConstructorInfo ctor && ctor.GetParameters().Length == 0)
            || name == "System.Random.get_Shared";
    }

    // Walks the IL for call, callvirt, newobj and ldftn tokens: enough to catch a direct use of a banned API.
    private static IEnumerable<MemberInfo> CalledMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        for (var i = 0; i + 4 < il.Length; i++)
        {
            var op = il[i];
            var isCall = op is 0x28 or 0x6F or 0x73 || (op == 0xFE && il[i + 1] == 0x06 && i++ >= 0);
            if (!isCall)
            {
                continue;
            }

            var token = BitConverter.ToInt32(il, i + 1);
            MemberInfo? member = null;
            try
            {
                member = method.Module.ResolveMember(token,
                    method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null,
                    method.IsGenericMethod ? method.GetGenericArguments() : null);
            }
            catch (ArgumentException)
            {
            }
            catch (BadImageFormatException)
            {
            }

            if (member is not null)
            {
                yield return member;
            }
        }
    }

    [Fact]
    public void NoProject_ReferencesAHost()
    {
        var hosts = new[] { "pmoflow", "PmoFlow.Server" };
        var libraries = new[] { "PmoFlow.Core", "PmoFlow.Ingestion", "PmoFlow.Storage", "PmoFlow.Reporting", "PmoFlow.Jobs" };
        foreach (var name in libraries)
        {
            var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            Assert.True(File.Exists(path), $"{path} missing");
            var asm = Assembly.LoadFrom(path);
            var refs = asm.GetReferencedAssemblies().Select(a => a.Name!).ToList();
            Assert.DoesNotContain(refs, r => hosts.Contains(r));
        }
    }
}
