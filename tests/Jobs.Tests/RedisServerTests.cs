using System.Net;
using System.Net.Sockets;
using System.Text;
using Orchestrator.Tests.Shared;

namespace Orchestrator.Jobs.Tests;

/// <summary>The tests' own redis-server (tests/Shared/RedisServer.cs): it answers on its loopback port, keeps nothing on disk, and is gone after dispose.</summary>
public class RedisServerTests
{
    [Fact]
    public async Task AStartedServer_AnswersPing_OnItsLoopbackPort()
    {
        await using var redis = await RedisServer.StartAsync();

        Assert.Equal($"127.0.0.1:{redis.Port}", redis.ConnectionString);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, redis.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("PING\r\n"));
        var buffer = new byte[64];
        var read = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, read).EndsWith("\r\n"))
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            Assert.NotEqual(0, n);
            read += n;
        }
        Assert.Equal("+PONG\r\n", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task ValuesAreStored_AndFlushEmptiesTheServer()
    {
        await using var redis = await RedisServer.StartAsync();

        Assert.Equal("OK", await redis.CommandAsync("SET", "job:1", "héllo wörld"));
        Assert.Equal("héllo wörld", await redis.CommandAsync("GET", "job:1"));
        Assert.Equal(2L, await redis.CommandAsync("RPUSH", "queue", "a", "b"));
        Assert.Equal(new object?[] { "a", "b" }, await redis.CommandAsync("LRANGE", "queue", "0", "-1"));
        Assert.Equal(2L, await redis.CommandAsync("DBSIZE"));
        await Assert.ThrowsAsync<RedisErrorException>(() => redis.CommandAsync("NOSUCHCOMMAND"));

        await redis.FlushAsync();

        Assert.Null(await redis.CommandAsync("GET", "job:1"));
        Assert.Equal(0L, await redis.CommandAsync("DBSIZE"));
    }

    [Fact]
    public async Task AfterDispose_ThePortIsClosed_AndNoFilesAreLeft()
    {
        var redis = await RedisServer.StartAsync();
        var port = redis.Port;
        var dir = Assert.IsType<object?[]>(await redis.CommandAsync("CONFIG", "GET", "dir"))[1] as string;
        Assert.NotNull(dir);
        Assert.Equal("", await redis.CommandAsync("CONFIG", "GET", "save") is object[] and [_, string save] ? save : null);
        Assert.Equal("no", await redis.CommandAsync("CONFIG", "GET", "appendonly") is object[] and [_, string aof] ? aof : null);
        Assert.Empty(Directory.GetFileSystemEntries(dir));

        await redis.DisposeAsync();

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task ARestart_KeepsThePort_AndStartsEmpty()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = redis.Port;
        await redis.CommandAsync("SET", "k", "v");

        await redis.RestartAsync();

        Assert.Equal(port, redis.Port);
        Assert.Equal("PONG", await redis.CommandAsync("PING"));
        Assert.Null(await redis.CommandAsync("GET", "k"));
    }

    [Fact]
    public async Task ServersStartedTogether_GetPortsOfTheirOwn()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RedisServer.StartAsync()));
        try
        {
            Assert.Equal(3, servers.Select(s => s.Port).Distinct().Count());
            for (var i = 0; i < servers.Length; i++) await servers[i].CommandAsync("SET", "who", $"{i}");
            for (var i = 0; i < servers.Length; i++) Assert.Equal($"{i}", await servers[i].CommandAsync("GET", "who"));
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
    }
}
