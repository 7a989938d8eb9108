using PmoFlow.Server.Data;

namespace PmoFlow.Server.Tests.Data;

/// <summary>The snapshot memo keeps at most its capacity of each kind, dropping the least recently used.</summary>
public class SnapshotMemoTests
{
    [Fact]
    public void Get_PastTheCapacity_DropsTheLeastRecentlyUsedOfThatKindOnly()
    {
        var memo = new SnapshotMemo();
        var capacity = SnapshotMemo.Capacity["report"];
        var computed = new List<string>();
        string Compute(string key)
        {
            computed.Add(key);
            return "model " + key;
        }

        var board = memo.Get("board", "b1", () => Compute("b1"));
        for (var i = 0; i < capacity; i++)
        {
            var key = "w" + i;
            Assert.Equal("model " + key, memo.Get("report", key, () => Compute(key)));
        }

        // Touch w0 so w1 is the least recently used, then add one more report.
        memo.Get("report", "w0", () => Compute("w0 again"));
        memo.Get("report", "new", () => Compute("new"));

        Assert.True(memo.Has("report", "w0"));
        Assert.False(memo.Has("report", "w1"));
        Assert.True(memo.Has("report", "new"));
        Assert.True(memo.Has("board", "b1"));
        Assert.Equal(capacity + 1, memo.Count);
        Assert.DoesNotContain("w0 again", computed);

        // A dropped entry is computed again when asked for.
        memo.Get("report", "w1", () => Compute("w1"));
        Assert.Equal(2, computed.Count(k => k == "w1"));
        Assert.Same(board, memo.Get("board", "b1", () => Compute("b1 again")));
    }

    [Fact]
    public void Get_ComputesOnceForConcurrentCallers_AndForgetsAFailure()
    {
        var memo = new SnapshotMemo();
        var calls = 0;
        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => memo.Get("analysis", "a", () =>
        {
            Interlocked.Increment(ref calls);
            Thread.Sleep(50);
            return "a";
        })).ToList();
        Assert.All(results, r => Assert.Equal("a", r));
        Assert.Equal(1, calls);

        Assert.Throws<ArgumentException>(() => memo.Get<string>("analysis", "bad", () => throw new ArgumentException("bad window")));
        Assert.False(memo.Has("analysis", "bad"));
        Assert.Equal("ok", memo.Get("analysis", "bad", () => "ok"));
    }

    [Fact]
    public void EveryKindIsBounded_SoTheWholeMemoIsBounded()
    {
        var memo = new SnapshotMemo();
        foreach (var kind in SnapshotMemo.Capacity.Keys.Append("unlisted"))
        {
            for (var i = 0; i < 100; i++)
            {
                memo.Get(kind, i.ToString(System.Globalization.CultureInfo.InvariantCulture), () => "x");
            }
        }

        Assert.Equal(SnapshotMemo.Capacity.Values.Sum() + SnapshotMemo.DefaultCapacity, memo.Count);
    }
}
