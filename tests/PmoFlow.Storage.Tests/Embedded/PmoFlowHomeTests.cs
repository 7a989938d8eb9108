using PmoFlow.Storage.Embedded;

namespace PmoFlow.Storage.Tests.Embedded;

public sealed class PmoFlowHomeTests
{
    [Fact]
    public void Resolve_PmoFlowHomeSet_WinsOverXdg()
    {
        var env = new Dictionary<string, string> { ["PMOFLOW_HOME"] = "/srv/pmo", ["XDG_DATA_HOME"] = "/x", ["HOME"] = "/home/ann" };
        Assert.Equal("/srv/pmo", PmoFlowHome.Resolve(k => env.GetValueOrDefault(k)));
    }

    [Fact]
    public void Resolve_XdgDataHomeSet_UsesPmoflowInsideIt()
    {
        var env = new Dictionary<string, string> { ["XDG_DATA_HOME"] = "/x/data", ["HOME"] = "/home/ann" };
        Assert.Equal("/x/data/pmoflow", PmoFlowHome.Resolve(k => env.GetValueOrDefault(k)));
    }

    [Fact]
    public void Resolve_NothingSet_UsesLocalShareUnderHome()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/home/ann", ["XDG_DATA_HOME"] = "relative/ignored" };
        Assert.Equal("/home/ann/.local/share/pmoflow", PmoFlowHome.Resolve(k => env.GetValueOrDefault(k)));
    }
}
