using MessagePack;
using Orchestrator.Steering.Population;

namespace Orchestrator.Grains.Shards;

/// <summary>
/// Particle payloads as MessagePack bytes: what shards send each other and what they checkpoint. The state travels
/// as its raw bytes with shape and dtype (one binary field, not an array element per number).
/// </summary>
public static class PayloadCodec
{
    static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Encode(ParticlePayload payload) => MessagePackSerializer.Serialize(new Wire
    {
        FirstSlot = payload.FirstSlot,
        Shape = payload.Shape,
        DType = payload.DType,
        State = payload.State,
        LogWeights = payload.LogWeights,
        GroupIds = payload.GroupIds,
        Labels = payload.Labels,
        Ancestors = payload.Ancestors,
        Origins = payload.Origins,
        Columns = payload.Columns.ToDictionary(c => c.Key, c => c.Value),
        Keys = payload.Keys,
    }, Options);

    /// <summary>The payload these bytes hold; bytes that are not one are an InvalidDataException.</summary>
    public static ParticlePayload Decode(byte[] bytes)
    {
        Wire wire;
        try
        {
            wire = MessagePackSerializer.Deserialize<Wire>(bytes, Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"{bytes.Length} bytes are not a particle payload: {e.Message}", e);
        }
        return new ParticlePayload(wire.FirstSlot, wire.Shape, wire.DType, wire.State, wire.LogWeights, wire.GroupIds, wire.Labels, wire.Ancestors,
            wire.Origins, wire.Columns, wire.Keys);
    }

    [MessagePackObject]
    public sealed class Wire
    {
        [Key("first")] public long FirstSlot { get; set; }
        [Key("shape")] public long[] Shape { get; set; } = [];
        [Key("dtype")] public string DType { get; set; } = "";
        [Key("state")] public byte[] State { get; set; } = [];
        [Key("logWeights")] public double[] LogWeights { get; set; } = [];
        [Key("groups")] public int[] GroupIds { get; set; } = [];
        [Key("labels")] public long[]? Labels { get; set; }
        [Key("ancestors")] public int[] Ancestors { get; set; } = [];
        [Key("origins")] public long[] Origins { get; set; } = [];
        [Key("columns")] public Dictionary<string, double[]> Columns { get; set; } = [];
        [Key("keys")] public long[] Keys { get; set; } = [];
    }
}
