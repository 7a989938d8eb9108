using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>The stream's workflow compiled to flat arrays: categories, points and the virtual removed slot.</summary>
internal sealed class StreamLayout
{
    public StreamLayout(StreamDefinition stream)
    {
        var stages = stream.Workflow.Stages;
        StageCount = stages.Count;
        if (StageCount > 63)
        {
            throw new ArgumentException("A workflow may have at most 63 stages.", nameof(stream));
        }

        Category = new StageCategory[StageCount + 1];
        for (var i = 0; i < StageCount; i++)
        {
            Category[i] = stages[i].Category;
        }

        // Slot StageCount stands for "removed" when the workflow has no removed stage of its own,
        // so a tracker's delete event still ends the item's flow.
        Category[StageCount] = StageCategory.Removed;
        RemovedSlot = StageCount;
        for (var i = 0; i < StageCount; i++)
        {
            if (Category[i] == StageCategory.Removed)
            {
                RemovedSlot = i;
                break;
            }
        }

        Commitment = Check(stream.EffectiveCommitmentStage, nameof(stream.CommitmentStage));
        Delivery = Check(stream.EffectiveDeliveryStage, nameof(stream.DeliveryStage));
        Value = Check(stream.EffectiveValueStage, nameof(stream.ValueStage));
        Idea = stream.IdeaStage < 0 ? -1 : Check(stream.IdeaStage, nameof(stream.IdeaStage));
        if (Commitment > Delivery)
        {
            throw new ArgumentException(
                $"The commitment stage '{stages[Commitment].Name}' comes after the delivery stage '{stages[Delivery].Name}'.",
                nameof(stream));
        }

        IsRemoved = new bool[StageCount + 1];
        InDoneSet = new bool[StageCount + 1];
        AtValue = new bool[StageCount + 1];
        for (var i = 0; i <= StageCount; i++)
        {
            IsRemoved[i] = Category[i] == StageCategory.Removed;
            InDoneSet[i] = !IsRemoved[i] && i >= Delivery && i < StageCount;
            AtValue[i] = !IsRemoved[i] && i >= Value && i < StageCount;
        }

        StageNames = [.. stages.Select(s => s.Name), "(removed)"];
        WipLimits = [.. stages.Select(s => s.WipLimit), null];

        int Check(int index, string name) => index >= 0 && index < StageCount
            ? index
            : throw new ArgumentException($"{name} {index} is not a stage of the workflow (0..{StageCount - 1}).", nameof(stream));
    }

    /// <summary>Real stages (the virtual removed slot is index <see cref="StageCount"/>).</summary>
    public int StageCount { get; }

    public int SlotCount => StageCount + 1;

    public int RemovedSlot { get; }

    public StageCategory[] Category { get; }

    public bool[] IsRemoved { get; }

    /// <summary>Non-removed stages at or after the delivery point: "done" for §2.</summary>
    public bool[] InDoneSet { get; }

    /// <summary>Non-removed stages at or after the value point.</summary>
    public bool[] AtValue { get; }

    public int Commitment { get; }

    public int Delivery { get; }

    public int Value { get; }

    public int Idea { get; }

    public string[] StageNames { get; }

    public int?[] WipLimits { get; }
}
