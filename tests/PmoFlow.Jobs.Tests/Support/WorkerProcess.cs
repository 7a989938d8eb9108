using System.Diagnostics;
using System.Text;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Support;

/// <summary>A real PmoFlow.Worker process (src/PmoFlow.Worker's build output) on a test database.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, string instanceId)
    {
        _process = process;
        InstanceId = instanceId;
    }

    public string InstanceId { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a worker with a short check-in (1s), misfire threshold for check-ins (2s) and idle wait (1s).</summary>
    public static WorkerProcess Start(string configPath, string connectionString, string instanceId, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        info.ArgumentList.Add(WorkerDll);
        foreach (var a in (string[])["--config", configPath, "--instance-id", instanceId, "--checkin-interval", "1s",
                     "--checkin-misfire-threshold", "2s", "--idle-wait", "1s", .. extra])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["PMOFLOW_DATABASE"] = connectionString;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, instanceId);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown code runs, connections drop, the check-ins stop.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string WorkerDll
    {
        get
        {
            // tests/PmoFlow.Jobs.Tests/bin/<Configuration>/<tfm>/ → src/PmoFlow.Worker/bin/<Configuration>/<tfm>/
            var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = baseDir.Name;
            var configuration = baseDir.Parent!.Name;
            var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "PmoFlow.Worker", "bin", configuration, tfm, "PmoFlow.Worker.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The worker is not built at {dll}; build tests/PmoFlow.Jobs.Tests first.");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
