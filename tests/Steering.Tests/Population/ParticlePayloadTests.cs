using Orchestrator.Steering.Population;
using TorchSharp;

namespace Orchestrator.Steering.Tests.Population;

/// <summary>Particles as plain data for the wire and checkpoints: bit-for-bit round trips, and clear errors for payloads that do not fit together.</summary>
public class ParticlePayloadTests
{
    static ParticlePopulation Sample(torch.Tensor state, bool labels)
    {
        var population = new ParticlePopulation(state, [0, 0, 1], labels ? torch.tensor(new long[] { 3, 3, 7 }) : null, firstSlot: 12);
        population.LogWeights[1] = -1.25;
        population.LogWeights[2] = double.NegativeInfinity;
        population.Column("previous", double.NaN)[0] = 0.5;
        return population;
    }

    [Fact]
    public void FloatParticles_WithLabelsAndColumns_RoundTripBitForBit()
    {
        using var original = Sample(torch.tensor(new float[] { 1.5f, -0f, float.MaxValue, 1e-40f, -2, 3 }, [3, 2]), labels: true);
        var payload = original.ToPayload();
        using var copy = ParticlePopulation.FromPayload(payload);

        Assert.Equal("float32", payload.DType);
        Assert.Equal([3L, 2L], payload.Shape);
        Assert.Equal(24, payload.State.Length);
        Assert.Equal(original.State.data<float>().ToArray(), copy.State.data<float>().ToArray());
        Assert.Equal(original.LogWeights, copy.LogWeights);
        Assert.Equal(original.GroupIds, copy.GroupIds);
        Assert.Equal(new long[] { 3, 3, 7 }, copy.Labels!.data<long>().ToArray());
        Assert.Equal(original.Origins, copy.Origins);
        Assert.Equal(12, copy.FirstSlot);
        Assert.Equal(original.Column("previous"), copy.Column("previous"));
    }

    [Fact]
    public void TokenParticles_RoundTrip()
    {
        using var original = Sample(torch.tensor(new long[] { 0, 5, long.MaxValue, 2, 9, 1 }, [3, 2]), labels: false);
        using var copy = ParticlePopulation.FromPayload(original.ToPayload());

        Assert.Equal(original.State.data<long>().ToArray(), copy.State.data<long>().ToArray());
        Assert.Null(copy.Labels);
    }

    [Fact]
    public void PayloadsThatDoNotFit_AreRefused_NamingTheField()
    {
        using var original = Sample(torch.zeros(3, 2), labels: true);
        var payload = original.ToPayload();

        Assert.Contains("23 state bytes do not make a float32 tensor of shape [3, 2]",
            Assert.Throws<InvalidDataException>(() => ParticlePopulation.FromPayload(payload with { State = new byte[23] })).Message);
        Assert.Contains("logWeights has 2 entries for 3 particles",
            Assert.Throws<InvalidDataException>(() => ParticlePopulation.FromPayload(payload with { LogWeights = [0, 0] })).Message);
        Assert.Contains("labels has 1 entries for 3 particles",
            Assert.Throws<InvalidDataException>(() => ParticlePopulation.FromPayload(payload with { Labels = [1] })).Message);
        Assert.Contains("unknown particle dtype 'bfloat16'",
            Assert.Throws<InvalidDataException>(() => ParticlePopulation.FromPayload(payload with { DType = "bfloat16" })).Message);
    }
}
