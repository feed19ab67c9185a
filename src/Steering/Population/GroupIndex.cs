namespace Orchestrator.Steering.Population;

/// <summary>The slots of each group of a population, in slot order.</summary>
public sealed class GroupIndex
{
    readonly SortedDictionary<int, List<int>> members = new();

    public GroupIndex(IReadOnlyList<int> groupIds)
    {
        for (int slot = 0; slot < groupIds.Count; slot++)
        {
            if (!members.TryGetValue(groupIds[slot], out var list)) members[groupIds[slot]] = list = new List<int>();
            list.Add(slot);
        }
    }

    /// <summary>Each group id with its slots.</summary>
    public IEnumerable<(int Group, IReadOnlyList<int> Slots)> Groups => members.Select(m => (m.Key, (IReadOnlyList<int>)m.Value));
}
