using System.Diagnostics;

namespace Orchestrator.Models.Data;

/// <summary>
/// Training data that Debian packages ship (digits in python3-sklearn, Fashion-MNIST, RDKit's NCI SMILES),
/// fetched without installing anything: `apt-get download` then `dpkg -x` into a cache folder
/// (STEER_DATA, else ~/.cache/steer-data). Only training needs them; the shipped weights do not.
/// </summary>
public static class DebianData
{
    public const string CacheVariable = "STEER_DATA";

    static string Cache => Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } dir
        ? dir
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "steer-data");

    /// <summary>The path of <paramref name="file"/> (relative to the package's root, e.g. usr/share/...) from <paramref name="package"/>, fetched if missing.</summary>
    public static string Locate(string package, string file, TextWriter? log = null)
    {
        var root = Path.Combine(Cache, package);
        var path = Path.Combine(root, file);
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(root);
        log?.WriteLine($"fetching Debian package {package} into {root}");
        if (Run("apt-get", $"download {package}", root) != 0)
        {
            // A fresh machine has no package lists yet.
            Run("apt-get", "update -qq", root);
            if (Run("apt-get", $"download {package}", root) != 0)
                throw new IOException($"could not download Debian package {package} (apt-get download failed; is this a Debian machine with its package sources?)");
        }
        foreach (var deb in Directory.GetFiles(root, "*.deb"))
        {
            if (Run("dpkg", $"-x {deb} {root}", root) != 0) throw new IOException($"could not unpack {deb}");
            File.Delete(deb);
        }
        return File.Exists(path) ? path : throw new FileNotFoundException($"Debian package {package} does not hold {file}", path);
    }

    static int Run(string program, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new IOException($"could not start {program}");
        // Drain both pipes at once: reading one to its end while the other fills can deadlock the child.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Task.WaitAll(output, error);
        return process.ExitCode;
    }
}
