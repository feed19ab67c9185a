namespace Orchestrator.Client.Tests;

/// <summary>The ETA of the progress display: the average time per unit so far times the units left (src/Client/Progress/Eta.cs, compiled in).</summary>
public class EtaTests
{
    [Theory]
    [InlineData(5, 20, 10.0, 30.0)]      // 2 s a step, 15 steps left
    [InlineData(1, 100, 0.5, 49.5)]
    [InlineData(99, 100, 99.0, 1.0)]
    [InlineData(3, 4, 0.3, 0.1)]
    public void Remaining_IsTheAverageTimePerUnitTimesTheUnitsLeft(int done, int total, double elapsedSeconds, double expectedSeconds)
    {
        var remaining = Eta.Remaining(done, total, TimeSpan.FromSeconds(elapsedSeconds));
        Assert.NotNull(remaining);
        Assert.Equal(expectedSeconds, remaining.Value.TotalSeconds, 6);
    }

    [Fact]
    public void Remaining_IsUnknownBeforeTheFirstUnit_AndZeroAtTheEnd()
    {
        Assert.Null(Eta.Remaining(0, 20, TimeSpan.FromSeconds(3)));
        Assert.Null(Eta.Remaining(0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, Eta.Remaining(20, 20, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.Zero, Eta.Remaining(21, 20, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Remaining_DoesNotDependOnHowTheElapsedTimeIsSplit()
    {
        // The same average rate gives the same ETA at any point of the run.
        var early = Eta.Remaining(10, 1000, TimeSpan.FromSeconds(1))!.Value;
        var late = Eta.Remaining(500, 1000, TimeSpan.FromSeconds(50))!.Value;
        Assert.Equal(99.0, early.TotalSeconds, 6);
        Assert.Equal(50.0, late.TotalSeconds, 6);
    }

    [Theory]
    [InlineData(0.0, "0.0 s")]
    [InlineData(0.42, "0.4 s")]
    [InlineData(9.94, "9.9 s")]
    [InlineData(9.96, "10 s")]
    [InlineData(42.7, "43 s")]
    [InlineData(59.7, "1 min 00 s")]
    [InlineData(185, "3 min 05 s")]
    [InlineData(3599, "59 min 59 s")]
    [InlineData(7620, "2 h 07 min")]
    [InlineData(7199.6, "2 h 00 min")]
    [InlineData(-3, "0.0 s")]
    public void Format_IsShortAndReadable(double seconds, string expected) =>
        Assert.Equal(expected, Eta.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Format_OfAnUnknownDuration_IsAQuestionMark() => Assert.Equal("?", Eta.Format(null));
}
