using System.Text.Json;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Publishing;
using PmoFlow.Jobs.Services;

namespace PmoFlow.Jobs.Tests.Publishing;

public sealed class WebhookMessagesTests
{
    private static readonly RenderedReport Report = new(
        "delivery",
        new PublishPeriod("2026-W13", new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 23, 0, 0, TimeSpan.Zero)),
        "delivery: report for 2026-W13",
        ["12 events on 5 items", "items.seen: 40 (+3 week on week)"],
        "# delivery",
        """{"stream":"delivery","activity":{"events":12}}""",
        []);

    [Fact]
    public void Build_Slack_TextHeaderHighlightsAndDedupeKey()
    {
        using var doc = JsonDocument.Parse(WebhookMessages.Build(WebhookFormat.Slack, Report, "pmoflow-abc"));
        var root = doc.RootElement;

        Assert.Equal("delivery: report for 2026-W13", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("• 12 events on 5 items\n• items.seen: 40 (+3 week on week)", blocks[1].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("period 2026-W13 · ref pmoflow-abc", blocks[2].GetProperty("elements")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Build_Teams_AdaptiveCardWithTitleHighlightsAndDedupeKey()
    {
        using var doc = JsonDocument.Parse(WebhookMessages.Build(WebhookFormat.Teams, Report, "pmoflow-abc"));
        var root = doc.RootElement;

        Assert.Equal("message", root.GetProperty("type").GetString());
        var attachment = root.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        var texts = card.GetProperty("body").EnumerateArray().Select(b => b.GetProperty("text").GetString()).ToList();
        Assert.Equal(["delivery: report for 2026-W13", "- 12 events on 5 items\n- items.seen: 40 (+3 week on week)", "period 2026-W13 · ref pmoflow-abc"], texts);
    }

    [Fact]
    public void Build_Json_CarriesPeriodDedupeKeyAndTheReportAsAnObject()
    {
        using var doc = JsonDocument.Parse(WebhookMessages.Build(WebhookFormat.Json, Report, "pmoflow-abc"));
        var root = doc.RootElement;

        Assert.Equal("pmoflow-abc", root.GetProperty("dedupeKey").GetString());
        Assert.Equal("2026-W13", root.GetProperty("period").GetProperty("key").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 23, 0, 0, TimeSpan.Zero), root.GetProperty("period").GetProperty("end").GetDateTimeOffset());
        Assert.Equal(12, root.GetProperty("report").GetProperty("activity").GetProperty("events").GetInt32());
        Assert.Equal(2, root.GetProperty("highlights").GetArrayLength());
    }

    [Fact]
    public void DedupeKey_SameDeliveryStable_DifferentDeliveryDiffers()
    {
        var key = DeliveryStore.DedupeKey("delivery", "2026-W13", "slack");

        Assert.Equal(key, DeliveryStore.DedupeKey("delivery", "2026-W13", "slack"));
        Assert.NotEqual(key, DeliveryStore.DedupeKey("delivery", "2026-W14", "slack"));
        Assert.NotEqual(key, DeliveryStore.DedupeKey("delivery", "2026-W13", "teams"));
        Assert.Matches("^pmoflow-[0-9a-f]{32}$", key);
    }
}
