using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Tests.Resampling;

/// <summary>
/// What <see cref="OffspringPlacement"/> promises, checked on every possible count vector of up to 7 particles
/// (all vectors of n non-negative counts summing to n: 1,716 for n = 7): the plan realises the counts, a
/// particle with offspring keeps its own slot, only extra copies fill the slots of particles with none (in
/// order), so the number of slots that change is the smallest possible; and, with shards holding contiguous
/// slots, only the shards' surplus crosses between them.
/// </summary>
public class OffspringPlacementTests
{
    static IEnumerable<int[]> AllCountVectors(int n)
    {
        var counts = new int[n];
        IEnumerable<int[]> Fill(int position, int left)
        {
            if (position == n - 1)
            {
                counts[position] = left;
                yield return (int[])counts.Clone();
                yield break;
            }
            for (int c = left; c >= 0; c--)
            {
                counts[position] = c;
                foreach (var v in Fill(position + 1, left - c)) yield return v;
            }
        }
        return n == 0 ? [Array.Empty<int>()] : Fill(0, n);
    }

    static int[] Place(int[] counts, int? shardSize = null)
    {
        var parents = new int[counts.Length];
        if (shardSize is { } size) OffspringPlacement.Place(counts, parents, size);
        else OffspringPlacement.Place(counts, parents);
        return parents;
    }

    /// <summary>
    /// For every count vector: each particle is the parent of exactly count_i slots (the plan realises the
    /// resampling); a particle with count &gt;= 1 is the parent of its own slot (keep-in-place); exactly the
    /// slots of zero-count particles change parent, which is the minimum any plan can do (those slots must
    /// change, and keep-in-place fixes the rest); and the empty slots, taken in slot order, receive donors in
    /// non-decreasing order ("in order"). Bugs these catch: a placement that wrote parents as a sorted
    /// expansion (0, 0, 0, 1, 3, ...) realises the counts but moves most particles; one that let the first donor
    /// overwrite survivors' slots breaks keep-in-place.
    /// </summary>
    [Fact]
    public void Every_count_vector_is_realised_with_survivors_in_place_and_minimal_movement()
    {
        var checkedVectors = 0;
        for (int n = 0; n <= 7; n++)
        {
            foreach (var counts in AllCountVectors(n))
            {
                var parents = Place(counts);
                var label = $"counts [{string.Join(", ", counts)}] -> parents [{string.Join(", ", parents)}]";
                for (int i = 0; i < n; i++)
                {
                    Assert.True(parents.Count(p => p == i) == counts[i], $"{label}: particle {i} is parent of the wrong number of slots");
                    if (counts[i] > 0) Assert.True(parents[i] == i, $"{label}: survivor {i} lost its slot");
                    else Assert.True(parents[i] != i, $"{label}: a particle without offspring kept its slot");
                }
                var moved = Enumerable.Range(0, n).Where(slot => parents[slot] != slot).ToArray();
                Assert.Equal(counts.Count(c => c == 0), moved.Length);
                var donors = moved.Select(slot => parents[slot]).ToArray();
                Assert.True(donors.SequenceEqual(donors.Order()), $"{label}: empty slots are not filled by donors in order");
                checkedVectors++;
            }
        }
        Assert.Equal(1 + 1 + 3 + 10 + 35 + 126 + 462 + 1716, checkedVectors);
    }

    [Fact]
    public void When_every_count_is_one_nothing_moves()
    {
        foreach (var n in new[] { 1, 2, 17, 1000 })
            Assert.Equal(Enumerable.Range(0, n), Place(Enumerable.Repeat(1, n).ToArray()));
    }

    [Fact]
    public void Counts_that_do_not_match_the_slots_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OffspringPlacement.Place([1, 1, 1], new int[2]));
        Assert.Throws<ArgumentException>(() => OffspringPlacement.Place([2, 2, 0], new int[3]));
        Assert.Throws<ArgumentException>(() => OffspringPlacement.Place([1, 0, 1], new int[3]));
    }

    /// <summary>
    /// Two shards (the first s slots, the rest): the slots whose parent lives on the other shard number exactly
    /// the surplus |offspring of shard 1 - its slots|, the least any plan can move. Every count vector of 7
    /// particles, every split point.
    /// </summary>
    [Fact]
    public void With_two_contiguous_shards_only_the_surplus_crosses()
    {
        const int n = 7;
        foreach (var counts in AllCountVectors(n))
        {
            var parents = Place(counts);
            for (int split = 1; split < n; split++)
            {
                var crossing = Enumerable.Range(0, n).Count(slot => (slot < split) != (parents[slot] < split));
                var surplus = Math.Abs(counts.Take(split).Sum() - split);
                Assert.True(crossing == surplus, $"counts [{string.Join(", ", counts)}], shards [0, {split}) and [{split}, {n}): {crossing} copies cross, surplus {surplus}");
            }
        }
    }

    /// <summary>
    /// Three or more contiguous shards: DESIGN section 5 promises "Only the surplus moves: shards with more
    /// offspring than slots send copies to shards with fewer", and the class doc "across shards, only the
    /// surplus has to travel". The minimum number of copies crossing shards is sum over shards of
    /// max(0, offspring - slots), and a plan reaching it exists that also keeps survivors in place (fill each
    /// shard's empty slots from its own extra copies first, ship only the rest). The in-order rule does not:
    /// counts (3, 0 | 2, 0 | 1, 0) on shards of two slots give parents (0, 0 | 2, 0 | 4, 2): particle 0's extra
    /// copy goes to shard 2 and the balanced shard 2 sends particle 2's copy on to shard 3 - two crossings where
    /// one (0 -> shard 3) suffices, and a shard with no surplus sends. No single plan is fewest for every
    /// cut (for (4, 0, 0, 2, 0, 0), shards of two want slot 2 filled by particle 3, shards of three by
    /// particle 0), so the placement is told the shard size and fills each shard from its own copies first.
    /// </summary>
    [Fact]
    public void With_contiguous_shards_only_shards_with_surplus_send_and_crossings_equal_the_surplus()
    {
        const int n = 6, shardSize = 2;
        var failures = new List<string>();
        foreach (var counts in AllCountVectors(n))
        {
            var parents = Place(counts, shardSize);
            var crossing = Enumerable.Range(0, n).Count(slot => slot / shardSize != parents[slot] / shardSize);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(counts[i], parents.Count(p => p == i));
                if (counts[i] > 0) Assert.Equal(i, parents[i]);
            }
            var surplus = Enumerable.Range(0, n / shardSize).Sum(s => Math.Max(0, counts.Skip(s * shardSize).Take(shardSize).Sum() - shardSize));
            if (crossing != surplus) failures.Add($"[{string.Join(", ", counts)}] -> [{string.Join(", ", parents)}]: {crossing} crossings, surplus {surplus}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of 462 count vectors move more than the surplus across shards of {shardSize}, e.g. {string.Join("; ", failures.Take(3))}");
    }
}
