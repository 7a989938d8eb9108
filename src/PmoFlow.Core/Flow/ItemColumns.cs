namespace PmoFlow.Core.Flow;

/// <summary>Per-item timeline results stored column by column (structure of arrays), grown by doubling.</summary>
/// <remarks>Memory is O(items × stages); events are never kept. Not thread-safe.</remarks>
internal sealed class ItemColumns
{
    private readonly int _slots;

    public ItemColumns(int slots, int capacity, bool keepWhole = false)
    {
        _slots = slots;
        KeepWhole = keepWhole;
        Allocate(Math.Max(capacity, 16));
    }

    public int Count { get; private set; }

    public string[] Keys = null!;
    public string?[] Titles = null!;
    public int[] TypeIds = null!;
    public long[] Created = null!;
    public long[] Start = null!;
    public long[] Done = null!;
    public long[] Value = null!;
    public long[] Idea = null!;
    public long[] RemovedAt = null!;
    public long[] FirstBackward = null!;
    public int[] CreatedDay = null!;
    public int[] StartDay = null!;
    public int[] DoneDay = null!;
    public int[] ValueDay = null!;
    public int[] IdeaDay = null!;
    public int[] RemovedDay = null!;
    public ItemState[] State = null!;
    public short[] Stage = null!;
    public short[] StageBeforeRemoval = null!;
    public int[] BackwardMoves = null!;
    public int[] Reopens = null!;
    public long[] Blocked = null!;
    public long[] ActiveFlow = null!;
    public long[] Process = null!;
    public int[] ProcessDays = null!;
    public ulong[] Entered = null!;

    /// <summary>Whole-second cycle time, lead time and age (ticks), kept only under <c>wholeSeconds</c> (else empty).</summary>
    public long[] WholeCycle = [];
    public long[] WholeLead = [];
    public long[] WholeAge = [];

    /// <summary>Keep <see cref="WholeCycle"/>, <see cref="WholeLead"/> and <see cref="WholeAge"/>.</summary>
    public bool KeepWhole { get; }

    /// <summary>Time in each slot, row-major: item i's slot s is at i · slots + s.</summary>
    public long[] StageTicks = null!;

    /// <summary>Blocked time in each slot, same layout.</summary>
    public long[] StageBlocked = null!;

    public int Slots => _slots;

    public int Add()
    {
        if (Count == Keys.Length)
        {
            Allocate(Keys.Length * 2);
        }

        return Count++;
    }

    private void Allocate(int capacity)
    {
        Resize(ref Keys, capacity);
        Resize(ref Titles, capacity);
        Resize(ref TypeIds, capacity);
        Resize(ref Created, capacity);
        Resize(ref Start, capacity);
        Resize(ref Done, capacity);
        Resize(ref Value, capacity);
        Resize(ref Idea, capacity);
        Resize(ref RemovedAt, capacity);
        Resize(ref FirstBackward, capacity);
        Resize(ref CreatedDay, capacity);
        Resize(ref StartDay, capacity);
        Resize(ref DoneDay, capacity);
        Resize(ref ValueDay, capacity);
        Resize(ref IdeaDay, capacity);
        Resize(ref RemovedDay, capacity);
        Resize(ref State, capacity);
        Resize(ref Stage, capacity);
        Resize(ref StageBeforeRemoval, capacity);
        Resize(ref BackwardMoves, capacity);
        Resize(ref Reopens, capacity);
        Resize(ref Blocked, capacity);
        Resize(ref ActiveFlow, capacity);
        Resize(ref Process, capacity);
        Resize(ref ProcessDays, capacity);
        Resize(ref Entered, capacity);
        if (KeepWhole)
        {
            Resize(ref WholeCycle, capacity);
            Resize(ref WholeLead, capacity);
            Resize(ref WholeAge, capacity);
        }
        Resize(ref StageTicks, capacity, _slots);
        Resize(ref StageBlocked, capacity, _slots);
    }

    private void Resize<T>(ref T[] array, int capacity, int perItem = 1)
    {
        var grown = new T[capacity * perItem];
        if (array is not null)
        {
            Array.Copy(array, grown, Count * perItem);
        }

        array = grown;
    }
}
