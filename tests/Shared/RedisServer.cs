using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orchestrator.Tests.Shared;

/// <summary>
/// A real redis-server of its own for tests: on a free loopback port, without persistence (its working
/// folder is a fresh temp folder, removed on dispose). The binary is STEER_REDIS_SERVER (which ./test.sh
/// sets after unpacking Debian's packages, with STEER_REDIS_LIBRARY_PATH for their libraries), else
/// redis-server on PATH. Test projects link this file; it needs no packages (a socket speaks RESP).
/// Redis stops on dispose, and also when the test process ends in any way, killed included: a shell
/// watchdog started with it stops it once the test process's end of its stdin pipe closes.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string ServerVariable = "STEER_REDIS_SERVER";
    public const string LibraryPathVariable = "STEER_REDIS_LIBRARY_PATH";

    static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);
    static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);
    static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(10);
    // Per readiness probe: a SYN lost on a busy machine would otherwise cost the 1 s retransmission.
    static readonly TimeSpan ProbeLimit = TimeSpan.FromMilliseconds(500);
    const int PortAttempts = 5;

    // sh runs redis in the background and a watchdog that reads sh's stdin (our pipe): at its end of file
    // (DisposeAsync closes it; the kernel closes it if this process dies) the watchdog stops redis. When
    // redis exits by itself, sh stops the watchdog and exits with redis's status. A background job's stdin
    // would be /dev/null, hence fd 3. "$@" is redis-server and its arguments.
    const string Watchdog = """
        exec 3<&0 </dev/null
        "$@" 3<&- & redis=$!
        (read _; kill $redis) <&3 3<&- >/dev/null 2>&1 & watchdog=$!
        exec 3<&-
        wait $redis; status=$?
        kill $watchdog 2>/dev/null
        exit $status
        """;

    readonly string program;
    readonly string folder;
    readonly StringBuilder log = new();
    Process? process;

    RedisServer(string program, int port)
    {
        this.program = program;
        Port = port;
        folder = Directory.CreateTempSubdirectory("steer-redis-").FullName;
    }

    /// <summary>The loopback TCP port redis listens on.</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:port", as StackExchange.Redis and Orleans' Redis providers take it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server on a free loopback port and returns once it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var program = Program();
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(program, FreePort());
            try
            {
                await server.LaunchAsync();
                return server;
            }
            catch (PortTakenException) when (attempt < PortAttempts)
            {
                // Someone bound the port between our probe and redis's bind: another port.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Stops redis and starts it again on the same port, empty (nothing is persisted).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        lock (log) log.Clear();
        try
        {
            await LaunchAsync();
        }
        catch (PortTakenException)
        {
            throw new InvalidOperationException($"port {Port} was taken by someone else while redis restarted");
        }
    }

    /// <summary>FLUSHALL: empties every database.</summary>
    public async Task FlushAsync()
    {
        var reply = await CommandAsync("FLUSHALL");
        if (reply as string != "OK") throw new InvalidOperationException($"FLUSHALL answered {reply}");
    }

    /// <summary>
    /// Sends one command on a new connection and returns redis's reply: a string (simple or bulk), a long
    /// (integer), an object?[] (array) or null (nil); an error reply throws <see cref="RedisErrorException"/>.
    /// </summary>
    public Task<object?> CommandAsync(params string[] arguments) => CommandAsync(Port, CommandLimit, arguments);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Redis's own output so far (its log goes to stdout).</summary>
    public string Log()
    {
        lock (log) return log.ToString().Trim();
    }

    async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", Watchdog, "redis", program,
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", folder, "--loglevel", "warning"])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only redis (and its sh) get the unpacked packages' libraries.
        if (Environment.GetEnvironmentVariable(LibraryPathVariable) is { Length: > 0 } libraries)
            start.Environment["LD_LIBRARY_PATH"] = start.Environment.TryGetValue("LD_LIBRARY_PATH", out var existing) && existing is { Length: > 0 }
                ? $"{libraries}:{existing}"
                : libraries;

        process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(process);
    }

    /// <summary>Readiness polling with a deadline: connect and PING until +PONG, failing early if redis exits.</summary>
    async Task WaitUntilReadyAsync(Process started)
    {
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            if (started.HasExited) await FailAsync(started);
            try
            {
                if (await CommandAsync(Port, ProbeLimit, "PING") as string == "PONG")
                {
                    // The PONG may come from whoever took the port first, while ours fails to bind: its dir tells.
                    if (await CommandAsync(Port, CommandLimit, "CONFIG", "GET", "dir") is object[] and [_, string dir]
                        && Path.GetFileName(dir) == Path.GetFileName(folder))
                        return;
                    await FailAsync(started);
                }
            }
            catch (Exception e) when (e is SocketException or IOException or RedisErrorException or OperationCanceledException)
            {
                // Not listening yet (refused), or loading.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"redis-server did not answer PING on {ConnectionString} within {StartLimit.TotalSeconds} s: {Log()}");
            await Task.Delay(20);
        }
    }

    /// <summary>Throws why redis exited (or is exiting) before it answered.</summary>
    async Task FailAsync(Process exiting)
    {
        using var limit = new CancellationTokenSource(StopLimit);
        await exiting.WaitForExitAsync(limit.Token);   // and for its output to be read
        var output = Log();
        if (output.Contains("Address already in use")) throw new PortTakenException();
        throw new InvalidOperationException($"redis-server ({program}) exited with {exiting.ExitCode} before answering PING: {output}");
    }

    async Task StopAsync()
    {
        if (process is null) return;
        // SHUTDOWN NOSAVE stops redis at once (SIGTERM waits for its next cron tick); it answers by closing.
        if (!process.HasExited)
        {
            try
            {
                await CommandAsync(Port, CommandLimit, "SHUTDOWN", "NOSAVE");
            }
            catch (Exception e) when (e is SocketException or IOException or RedisErrorException or OperationCanceledException)
            {
            }
        }
        // Should redis not have stopped, the end of its stdin makes the watchdog stop it (SIGTERM).
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        using (var limit = new CancellationTokenSource(StopLimit))
        {
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
        process = null;
    }

    static string Program()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured)
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{ServerVariable} is {configured}, which does not exist; run ./test.sh, which provides redis-server");
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            $"no redis-server: {ServerVariable} is not set and none is on PATH; run the tests with ./test.sh, which unpacks Debian's redis-server into a cache and sets {ServerVariable}");
    }

    /// <summary>A port the kernel just handed out for loopback (free now; redis binds it moments later).</summary>
    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task<object?> CommandAsync(int port, TimeSpan timeout, params string[] arguments)
    {
        using var limit = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), limit.Token);
        await using var stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false));
        var request = new StringBuilder($"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
            request.Append($"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), limit.Token);
        await stream.FlushAsync(limit.Token);
        return await ReadReplyAsync(stream, limit.Token);
    }

    static async Task<object?> ReadReplyAsync(Stream stream, CancellationToken cancel)
    {
        var line = await ReadLineAsync(stream, cancel);
        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case '-':
                throw new RedisErrorException(body);
            case ':':
                return long.Parse(body);
            case '$':
                var length = int.Parse(body);
                if (length < 0) return null;
                var bytes = new byte[length + 2];   // and its \r\n
                await stream.ReadExactlyAsync(bytes, cancel);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                var count = int.Parse(body);
                if (count < 0) return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++) items[i] = await ReadReplyAsync(stream, cancel);
                return items;
            default:
                throw new InvalidDataException($"not a RESP reply: {line}");
        }
    }

    static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancel)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one, cancel);   // EndOfStreamException (an IOException) if redis closes
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
                return Encoding.UTF8.GetString(bytes.ToArray(), 0, bytes.Count - 1);
            bytes.Add(one[0]);
        }
    }

    sealed class PortTakenException : Exception;
}

/// <summary>An error reply from redis (the text after '-').</summary>
public sealed class RedisErrorException(string message) : Exception(message);
