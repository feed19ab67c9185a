using MessagePack;

namespace Orchestrator.Rewards.Remote;

/// <summary>
/// Reading and writing the protocol's MessagePack bodies. Bodies come from other processes, so reading
/// uses MessagePack's guards for untrusted data and reports any defect as an InvalidDataException.
/// </summary>
public static class VerifierProtocol
{
    /// <summary>The content type of requests and successful answers.</summary>
    public const string MediaType = "application/msgpack";

    /// <summary>The scoring path every service serves.</summary>
    public const string ScorePath = "/score";

    /// <summary>The liveness path every service serves (200 when up).</summary>
    public const string HealthPath = "/health";

    static readonly MessagePackSerializerOptions Serializer =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Write(ScoreRequest request) => MessagePackSerializer.Serialize(request, Serializer);

    public static byte[] Write(ScoreResponse response) => MessagePackSerializer.Serialize(response, Serializer);

    /// <summary>A request body; <see cref="ScoreRequest.ToBatch"/> checks its fields.</summary>
    public static ScoreRequest ReadRequest(ReadOnlyMemory<byte> body) => Read<ScoreRequest>(body);

    public static ScoreResponse ReadResponse(ReadOnlyMemory<byte> body) =>
        Read<ScoreResponse>(body) is { Scores: not null } response ? response : throw new InvalidDataException("the answer has no 'scores'");

    static T Read<T>(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) throw new InvalidDataException("the body is empty");
        T value;
        int read;
        try
        {
            value = MessagePackSerializer.Deserialize<T>(body, Serializer, out read);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"not a MessagePack {typeof(T).Name}: {Innermost(e).Message.TrimEnd('.')}", e);
        }
        if (value is null) throw new InvalidDataException($"the body is nil, not a {typeof(T).Name}");
        if (read != body.Length) throw new InvalidDataException($"{body.Length - read} bytes follow the {typeof(T).Name}");
        return value;
    }

    static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
