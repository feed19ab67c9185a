namespace Orchestrator.Steering.Population;

/// <summary>
/// How a job's particles are grouped: group g holds GroupSizes[g] consecutive particles and,
/// for conditional models, asks for class GroupLabels[g]. Resampling never mixes groups.
/// </summary>
public sealed record ParticleLayout
{
    public ParticleLayout(int[] groupSizes, long[]? groupLabels = null)
    {
        if (groupSizes.Length == 0 || groupSizes.Any(n => n < 1)) throw new ArgumentException("every group needs at least one particle", nameof(groupSizes));
        if (groupLabels is not null && groupLabels.Length != groupSizes.Length) throw new ArgumentException("one label per group", nameof(groupLabels));
        GroupSizes = groupSizes;
        GroupLabels = groupLabels;
    }

    /// <summary>One group of <paramref name="particles"/> particles, unconditional.</summary>
    public static ParticleLayout Single(int particles) => new([particles]);

    /// <summary><paramref name="groups"/> groups of <paramref name="particlesPerGroup"/> particles each.</summary>
    public static ParticleLayout Groups(int groups, int particlesPerGroup, long[]? labels = null) =>
        new(Enumerable.Repeat(particlesPerGroup, groups).ToArray(), labels);

    public int[] GroupSizes { get; }

    public long[]? GroupLabels { get; }

    public int Particles => GroupSizes.Sum();

    /// <summary>The group id of every particle.</summary>
    public int[] GroupIds() => GroupSizes.SelectMany((n, g) => Enumerable.Repeat(g, n)).ToArray();

    /// <summary>The label of every particle, or null when unconditional.</summary>
    public long[]? Labels() => GroupLabels is null ? null : GroupSizes.SelectMany((n, g) => Enumerable.Repeat(GroupLabels[g], n)).ToArray();
}
