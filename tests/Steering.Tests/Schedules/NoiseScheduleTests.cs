using Orchestrator.Steering.Schedules;

namespace Orchestrator.Steering.Tests.Schedules;

/// <summary>
/// The VP schedules (linear, cosine) against their definitions: abar(0) = 1, abar(1) close to 0, abar
/// decreasing, beta = -d log abar / dt (checked by finite differences and by integrating beta back), and the
/// time grid the samplers walk.
/// </summary>
public class NoiseScheduleTests
{
    public static TheoryData<string> Names() => new(NoiseSchedules.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Alpha_bar_starts_at_one_ends_near_zero_and_decreases(string name)
    {
        var schedule = NoiseSchedules.ByName(name);
        Assert.Equal(name, schedule.Name);
        Assert.Equal(1.0, schedule.AlphaBar(0), 15);
        // Linear: exp(-(0.1 + 20) / 2) = 4.3e-5; cosine: floored at 1e-4 (SNR 1e-4).
        Assert.InRange(schedule.AlphaBar(1), 1e-6, 1.0001e-4);
        var previous = schedule.AlphaBar(0);
        for (int k = 1; k <= 10_000; k++)
        {
            var t = k / 10_000.0;
            var abar = schedule.AlphaBar(t);
            Assert.True(abar <= previous, $"{name}: abar({t}) = {abar} > abar({(k - 1) / 10_000.0}) = {previous}");
            // Strictly decreasing wherever abar is above the cosine floor.
            if (abar > CosineVpSchedule.MinAlphaBar) Assert.True(abar < previous, $"{name}: abar is flat at t = {t}");
            Assert.InRange(abar, 0, 1);
            previous = abar;
        }
    }

    [Fact]
    public void Linear_schedule_has_its_closed_form()
    {
        var schedule = new LinearVpSchedule();
        Assert.Equal(Math.Exp(-10.05), schedule.AlphaBar(1), 15);
        Assert.Equal(Math.Exp(-(0.1 * 0.3 + 0.5 * 19.9 * 0.09)), schedule.AlphaBar(0.3), 15);
        Assert.Equal(0.1, schedule.Beta(0), 15);
        Assert.Equal(20.0, schedule.Beta(1), 15);
        var custom = new LinearVpSchedule(0.5, 5);
        Assert.Equal(Math.Exp(-(0.5 + 2.25)), custom.AlphaBar(1), 15);
        Assert.Equal(2.75, custom.Beta(0.5), 15);
    }

    /// <summary>
    /// Cosine: abar = f(t)/f(0), f = cos^2((t + s)/(1 + s) pi/2), s = 0.008, floored at 1e-4. The floor starts where
    /// cos((t + s)/(1 + s) pi/2) = 0.01 sqrt(f(0)), i.e. 1 - t = (1 + s) (2/pi) asin(0.01 sqrt(f(0))) = 0.00642: "only the
    /// last ~0.6% of the time range touches" it, as the class says.
    /// </summary>
    [Fact]
    public void Cosine_schedule_has_its_closed_form_and_floor()
    {
        var schedule = new CosineVpSchedule();
        const double s = 0.008;
        double F(double t) => Math.Pow(Math.Cos((t + s) / (1 + s) * Math.PI / 2), 2);
        foreach (var t in new[] { 0.0, 0.1, 0.37, 0.5, 0.9, 0.99 })
            Assert.Equal(F(t) / F(0), schedule.AlphaBar(t), 14);
        var floorStart = 1 - (1 + s) * 2 / Math.PI * Math.Asin(0.01 * Math.Sqrt(F(0)));
        Assert.InRange(floorStart, 0.9935, 0.9936);
        Assert.True(schedule.AlphaBar(floorStart - 1e-6) > CosineVpSchedule.MinAlphaBar);
        Assert.Equal(CosineVpSchedule.MinAlphaBar, schedule.AlphaBar(floorStart + 1e-6));
        Assert.Equal(CosineVpSchedule.MinAlphaBar, schedule.AlphaBar(1));
        Assert.Equal(0.0, schedule.Beta(floorStart + 1e-6));
    }

    /// <summary>
    /// beta(t) = -d log abar / dt, by central differences with h = 2e-6 at 200 points of (0, 1). Truncation error
    /// h^2/6 |(log abar)'''|: zero for the linear schedule (log abar is quadratic); for the cosine one log abar =
    /// 2 log cos(angle) + const, whose third t-derivative is about 4 (pi/2/(1+s))^3 / delta^3 = 15 / delta^3 with
    /// delta = pi/2 - angle, largest just before the floor (delta = 0.0101 at t = 0.9935): 1.5e7, so the error
    /// is below 7e-13 x 1.5e7 = 1e-5 against beta = 3.12 / delta = 309 there (3e-8 relative). Rounding: abar's
    /// relative error (~1e-14 near the floor, where cos ~ delta) over h gives ~1e-8. So a relative tolerance of
    /// 1e-6 (plus 1e-8 absolute) holds with margin, while a beta missing the 1/(1+s) factor is off by 0.8%, one with
    /// tan replaced by sin by a factor 1/cos near t = 1, and a beta of -d abar/dt instead of -d log abar/dt by a
    /// factor abar.
    /// Points whose difference straddles the cosine floor's kink are skipped (beta jumps to 0 there).
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Beta_is_minus_the_derivative_of_log_alpha_bar(string name)
    {
        var schedule = NoiseSchedules.ByName(name);
        const double h = 2e-6;
        for (int k = 0; k < 200; k++)
        {
            var t = 0.0025 + k * 0.995 / 199;
            var lower = schedule.AlphaBar(t - h);
            var upper = schedule.AlphaBar(t + h);
            if ((lower == CosineVpSchedule.MinAlphaBar) != (upper == CosineVpSchedule.MinAlphaBar)) continue;
            var difference = -(Math.Log(upper) - Math.Log(lower)) / (2 * h);
            var beta = schedule.Beta(t);
            Assert.True(Math.Abs(beta - difference) <= 1e-6 * Math.Abs(difference) + 1e-8,
                $"{name}, t = {t}: beta {beta} vs -d log abar/dt {difference}");
        }
    }

    /// <summary>
    /// The integral form of the same relation: log abar(t) = -int_0^t beta, by Simpson's rule on 20,000 intervals.
    /// Error (t/180) h^4 max|beta''''|: zero for the linear schedule (beta is linear); for the cosine one beta ~ 3.12 /
    /// delta has beta'''' ~ 24 x 3.12 x 1.56^4 / delta^5 = 4.4e2 / delta^5, 4.8e11 at t = 0.99 (delta = 0.0156), so
    /// with h = 5e-5 the error is below 2e-8 against |log abar(0.99)| = 8.3. Tolerance 1e-6 relative. Catches a beta
    /// off by a constant factor or offset, accumulated over the whole range.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Integrating_beta_gives_back_log_alpha_bar(string name)
    {
        var schedule = NoiseSchedules.ByName(name);
        foreach (var t in new[] { 0.25, 0.5, 0.8, 0.99 })
        {
            const int intervals = 20_000;
            var h = t / intervals;
            var integral = schedule.Beta(0) + schedule.Beta(t);
            for (int i = 1; i < intervals; i++) integral += (i % 2 == 1 ? 4 : 2) * schedule.Beta(i * h);
            integral *= h / 3;
            var logAlphaBar = Math.Log(schedule.AlphaBar(t));
            Assert.True(Math.Abs(-integral - logAlphaBar) <= 1e-6 * Math.Abs(logAlphaBar), $"{name}, t = {t}: -int beta = {-integral}, log abar = {logAlphaBar}");
        }
    }

    [Fact]
    public void Unknown_schedule_names_are_refused()
    {
        Assert.Equal(["linear", "cosine"], NoiseSchedules.Names);
        var error = Assert.Throws<ArgumentException>(() => NoiseSchedules.ByName("cosin"));
        Assert.Contains("cosine", error.Message);
    }

    /// <summary>
    /// K steps visit K + 1 times from exactly 1 down to exactly 0 in equal decrements of 1/K; the last step is
    /// K - 1. (A grid built as k/K upwards, or with K points instead of K + 1, would fail the ends or the count.)
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(49)]
    [InlineData(1000)]
    public void Time_grid_runs_from_one_to_zero_in_equal_steps(int steps)
    {
        var grid = new TimeGrid(steps);
        Assert.Equal(steps, grid.Steps);
        Assert.Equal(1.0, grid[0]);
        Assert.Equal(0.0, grid[steps]);
        for (int k = 0; k < steps; k++)
        {
            Assert.Equal(1.0 / steps, grid[k] - grid[k + 1], 12);
            Assert.Equal(1.0 - (double)k / steps, grid[k], 15);
            Assert.Equal(k == steps - 1, grid.IsLast(k));
        }
        Assert.Throws<IndexOutOfRangeException>(() => grid[steps + 1]);
    }

    [Fact]
    public void Time_grid_needs_at_least_one_step()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeGrid(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeGrid(-3));
    }

    /// <summary>Masked diffusion: alpha(0) = 1 (clean), alpha(1) = 0 (all masked), non-increasing, and the closed forms.</summary>
    [Fact]
    public void Masking_schedules_run_from_clean_to_fully_masked()
    {
        foreach (var name in MaskingSchedule.Names)
        {
            var schedule = MaskingSchedule.ByName(name);
            Assert.Equal(name, schedule.Name);
            Assert.Equal(1.0, schedule.Alpha(0), 15);
            Assert.Equal(0.0, schedule.Alpha(1), 15);
            for (int k = 1; k <= 1000; k++)
                Assert.True(schedule.Alpha(k / 1000.0) < schedule.Alpha((k - 1) / 1000.0), $"{name}: alpha not decreasing at {k / 1000.0}");
        }
        Assert.Equal(0.7, MaskingSchedule.Linear.Alpha(0.3), 15);
        Assert.Equal(Math.Cos(Math.PI / 2 * 0.3), MaskingSchedule.Cosine.Alpha(0.3), 15);
        Assert.Throws<ArgumentException>(() => MaskingSchedule.ByName("square"));
    }
}
