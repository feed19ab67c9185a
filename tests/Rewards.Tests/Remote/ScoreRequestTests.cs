using System.Buffers.Binary;
using MessagePack;
using Orchestrator.Rewards.Remote;
using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.Tests.Remote;

public class ScoreRequestTests
{
    static ScoreRequest RoundTrip(ScoreRequest request) => VerifierProtocol.ReadRequest(VerifierProtocol.Write(request));

    [Fact]
    public void A_float_batch_survives_the_wire_bit_for_bit()
    {
        float[] values = [1.5f, -0f, float.NaN, float.MaxValue, 1e-40f, -3.25f];
        var batch = SampleBatch.Continuous(3, [2], values, labels: [7, 0, 2]);

        var request = RoundTrip(ScoreRequest.From(batch, vocabulary: ["ignored"]));
        var back = request.ToBatch();

        Assert.Equal([3L, 2], request.Shape);
        Assert.Equal(ScoreRequest.Float32, request.Dtype);
        Assert.Null(request.Vocabulary);
        Assert.False(back.IsDiscrete);
        Assert.Equal(3, back.Rows);
        Assert.Equal([2L], back.RowShape);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.Values!.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal([7L, 0, 2], back.Labels!);
        Assert.Equal(-3.25f, BinaryPrimitives.ReadSingleLittleEndian(request.Data.AsSpan(5 * sizeof(float))));
    }

    [Fact]
    public void A_token_batch_survives_the_wire_with_its_vocabulary_and_options()
    {
        long[] tokens = [1, 2, 0, 3, long.MaxValue, -1];
        var batch = SampleBatch.Discrete(2, [3], tokens);
        var options = new Dictionary<string, string> { ["property"] = "logp", ["invalidScore"] = "-10" };

        var request = RoundTrip(ScoreRequest.From(batch, options, ["", "C", "O", "c1ccccc1"]));
        var back = request.ToBatch();

        Assert.Equal(ScoreRequest.Int64, request.Dtype);
        Assert.True(back.IsDiscrete);
        Assert.Equal(tokens, back.Tokens);
        Assert.Null(back.Labels);
        Assert.Equal(["", "C", "O", "c1ccccc1"], request.Vocabulary!);
        Assert.Equal(options, request.Options!);
        Assert.Equal(3L, BinaryPrimitives.ReadInt64LittleEndian(request.Data.AsSpan(3 * sizeof(long))));
    }

    [Fact]
    public void Scores_survive_the_wire_including_NaN_and_infinities()
    {
        double[] scores = [0.1, double.NaN, double.NegativeInfinity, -0.0014];
        var back = VerifierProtocol.ReadResponse(VerifierProtocol.Write(new ScoreResponse { Scores = scores }));
        Assert.Equal(scores, back.Scores);
    }

    /// <summary>Services in other languages read the documented map, so its keys and types are the contract.</summary>
    [Fact]
    public void The_request_is_a_map_with_the_documented_keys_and_data_as_bytes()
    {
        var bytes = VerifierProtocol.Write(ScoreRequest.From(SampleBatch.Continuous(2, [1], [1f, 2f])));
        var reader = new MessagePackReader(bytes);
        var keys = new List<string>();
        var entries = reader.ReadMapHeader();
        for (int i = 0; i < entries; i++)
        {
            var key = reader.ReadString()!;
            keys.Add(key);
            if (key == "data") Assert.Equal(MessagePackType.Binary, reader.NextMessagePackType);
            reader.Skip();
        }
        Assert.Equal(["shape", "dtype", "data", "labels", "vocabulary", "options"], keys);
    }

    [Fact]
    public void Integer_scores_from_other_languages_read_as_doubles()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(1);
        writer.Write("scores");
        writer.WriteArrayHeader(2);
        writer.Write(1);
        writer.Write(0.5);
        writer.Flush();
        Assert.Equal([1.0, 0.5], VerifierProtocol.ReadResponse(buffer.WrittenMemory).Scores);
    }

    [Theory]
    [InlineData("float64", 8, "dtype 'float64' is neither 'float32' nor 'int64'")]
    [InlineData("float32", 7, "7 bytes of data do not hold shape [2, 1] of float32 (8 bytes)")]
    public void Requests_that_do_not_fit_together_are_refused_with_the_reason(string dtype, int bytes, string message)
    {
        var request = new ScoreRequest { Shape = [2, 1], Dtype = dtype, Data = new byte[bytes] };
        Assert.Equal(message, Assert.Throws<InvalidDataException>(() => RoundTrip(request).ToBatch()).Message);
    }

    [Fact]
    public void Labels_must_match_the_rows() =>
        Assert.Equal("3 labels for 2 rows", Assert.Throws<InvalidDataException>(() =>
            new ScoreRequest { Shape = [2], Dtype = ScoreRequest.Float32, Data = new byte[8], Labels = [1, 2, 3] }.ToBatch()).Message);

    [Fact]
    public void A_body_that_is_not_the_message_is_malformed()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("{\"scores\":[1]}");
        Assert.StartsWith("not a MessagePack ScoreResponse", Assert.Throws<InvalidDataException>(() => VerifierProtocol.ReadResponse(json)).Message);

        byte[] trailing = [.. VerifierProtocol.Write(new ScoreResponse { Scores = [1] }), 0xc0];
        Assert.Equal("1 bytes follow the ScoreResponse", Assert.Throws<InvalidDataException>(() => VerifierProtocol.ReadResponse(trailing)).Message);

        var empty = MessagePackSerializer.Serialize(new Dictionary<string, int>());
        Assert.Equal("the answer has no 'scores'", Assert.Throws<InvalidDataException>(() => VerifierProtocol.ReadResponse(empty)).Message);
    }
}
