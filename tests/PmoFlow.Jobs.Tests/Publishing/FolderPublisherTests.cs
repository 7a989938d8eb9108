using System.Text;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Publishing;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;

namespace PmoFlow.Jobs.Tests.Publishing;

public sealed class FolderPublisherTests
{
    [Fact]
    public async Task Publish_NewPeriod_WritesEveryFileIntoTheDatedFolderAndNoTemporaries()
    {
        var root = TestConfigs.NewFolder();
        var publisher = new FolderPublisher(new FolderPublisherConfig("folder", 1, root));

        var receipt = await publisher.PublishAsync(Report("2026-W13", "hello"), null!, CancellationToken.None);

        var dir = Path.Combine(root, "delivery", "2026-W13");
        Assert.Equal($"written to {dir}", receipt);
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(dir, "report.md")));
        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(dir, "report.json")));
        Assert.Equal(["2026-W13"], Directory.GetDirectories(Path.Combine(root, "delivery")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Publish_FolderAlreadyInPlace_LeavesItAndCountsAsDelivered()
    {
        // A worker renamed the folder into place and died before recording the delivery: the retry must not write a second copy.
        var root = TestConfigs.NewFolder();
        var publisher = new FolderPublisher(new FolderPublisherConfig("folder", 1, root));
        await publisher.PublishAsync(Report("2026-W13", "first"), null!, CancellationToken.None);

        var receipt = await publisher.PublishAsync(Report("2026-W13", "second"), null!, CancellationToken.None);

        Assert.StartsWith("already in place", receipt, StringComparison.Ordinal);
        Assert.Equal("first", await File.ReadAllTextAsync(Path.Combine(root, "delivery", "2026-W13", "report.md")));
        Assert.Single(Directory.GetDirectories(Path.Combine(root, "delivery")));
    }

    [Fact]
    public async Task Publish_TemporaryFolderLeftByACrash_IsRemoved()
    {
        var root = TestConfigs.NewFolder();
        var leftover = Path.Combine(root, "delivery", ".tmp-2026-W13-0123456789abcdef");
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(Path.Combine(leftover, "report.md"), "half");
        var publisher = new FolderPublisher(new FolderPublisherConfig("folder", 1, root));

        await publisher.PublishAsync(Report("2026-W13", "whole"), null!, CancellationToken.None);

        Assert.False(Directory.Exists(leftover));
        Assert.Equal(["2026-W13"], Directory.GetDirectories(Path.Combine(root, "delivery")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("..", "_")]
    [InlineData("a/b", "a_b")]
    [InlineData("2026-W13", "2026-W13")]
    [InlineData("  ", "_")]
    public void Safe_AnyName_OnePathSegment(string name, string expected)
    {
        Assert.Equal(expected, FolderPublisher.Safe(name));
    }

    private static RenderedReport Report(string key, string markdown) => new(
        "delivery",
        new PublishPeriod(key, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7)),
        "t",
        [],
        markdown,
        "{}",
        [new PmoFlow.Reporting.RenderedFile("report.md", "text/markdown", Encoding.UTF8.GetBytes(markdown)), new PmoFlow.Reporting.RenderedFile("report.json", "application/json", "{}"u8.ToArray())]);
}
