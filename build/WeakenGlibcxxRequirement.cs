#nullable enable
// Compiled by MSBuild's RoslynCodeTaskFactory (against netstandard2.0, hence no records) (see TorchSharpNative.targets) and by the
// build tests. TorchSharp 0.107's libLibTorchSharp.so was linked by GCC 13 and so asks for
// GLIBCXX_3.4.32, but only for one symbol (_ZSt21ios_base_library_initv) that older
// libstdc++ builds (Debian 12 has 3.4.30) provide under an older version. Marking that one
// version requirement weak lets the loader accept the library; everything it really calls
// exists. The NuGet cache is never written: files are replaced by rename, which also breaks
// any hard link into the cache.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Marks a GLIBCXX version requirement weak in native libraries, where the system lacks it.</summary>
public sealed class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    /// <summary>The copies of the library in the build or publish output.</summary>
    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version requirement to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required] public string Version { get; set; } = "";

    /// <summary>Where TorchSharp consolidates natives when its first load fails (its cpu/ folder);
    /// a patched copy is placed there so that fallback loads the right file too.</summary>
    public string ConsolidatedCopy { get; set; } = "";

    public override bool Execute()
    {
        var systemLib = ElfVersions.FindSystemLibStdCxx();
        if (systemLib is null)
        {
            Log.LogMessage(MessageImportance.Normal, "No system libstdc++.so.6 found; TorchSharp natives left as they are.");
            return true;
        }
        if (ElfVersions.Defines(File.ReadAllBytes(systemLib), Version))
        {
            Log.LogMessage(MessageImportance.Low, $"{systemLib} defines {Version}; TorchSharp natives left as they are.");
            return true;
        }
        foreach (var item in Libraries)
        {
            var path = item.GetMetadata("FullPath");
            if (ElfVersions.WeakenInPlace(path, Version))
                Log.LogMessage(MessageImportance.High, $"Marked {Version} weak in {path} ({systemLib} lacks it).");
        }
        if (ConsolidatedCopy.Length > 0 && Libraries.Length > 0 && !File.Exists(ConsolidatedCopy))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ConsolidatedCopy)!);
            File.Copy(Libraries[0].GetMetadata("FullPath"), ConsolidatedCopy);
        }
        return !Log.HasLoggedErrors;
    }
}

/// <summary>Reads and edits the GNU symbol-versioning sections of 64-bit little-endian ELF files.</summary>
public static class ElfVersions
{
    const uint ShtGnuVerdef = 0x6ffffffd;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    /// <summary>One version requirement (Vernaux entry) of a library.</summary>
    public sealed class Requirement
    {
        public Requirement(string file, string name, ushort flags, int flagsOffset)
        {
            File = file; Name = name; Flags = flags; FlagsOffset = flagsOffset;
        }
        public string File { get; }
        public string Name { get; }
        public ushort Flags { get; }
        public int FlagsOffset { get; }
        public bool IsWeak => (Flags & VerFlgWeak) != 0;
    }

    /// <summary>True when the library defines (exports) the version, e.g. GLIBCXX_3.4.32.</summary>
    public static bool Defines(byte[] elf, string version)
    {
        foreach (var section in Sections(elf))
        {
            if (section.Type != ShtGnuVerdef) continue;
            var strtab = SectionAt(elf, section.Link).Offset;
            long entry = section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                var count = U16(elf, entry + 6);
                var aux = entry + U32(elf, entry + 12);
                for (int j = 0; j < count; j++)
                {
                    if (CString(elf, strtab + U32(elf, aux)) == version) return true;
                    aux += U32(elf, aux + 4);
                }
                var next = U32(elf, entry + 16);
                if (next == 0) break;
                entry += next;
            }
        }
        return false;
    }

    /// <summary>Every version the library requires of the libraries it links against.</summary>
    public static List<Requirement> Requirements(byte[] elf)
    {
        var result = new List<Requirement>();
        foreach (var section in Sections(elf))
        {
            if (section.Type != ShtGnuVerneed) continue;
            var strtab = SectionAt(elf, section.Link).Offset;
            long entry = section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                var count = U16(elf, entry + 2);
                var file = CString(elf, strtab + U32(elf, entry + 4));
                var aux = entry + U32(elf, entry + 8);
                for (int j = 0; j < count; j++)
                {
                    result.Add(new Requirement(file, CString(elf, strtab + U32(elf, aux + 8)), U16(elf, aux + 4), checked((int)(aux + 4))));
                    var nextAux = U32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = U32(elf, entry + 12);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>Sets VER_FLG_WEAK on the requirement in memory; false when it is absent or already weak.</summary>
    public static bool MarkWeak(byte[] elf, string version)
    {
        var changed = false;
        foreach (var requirement in Requirements(elf))
        {
            if (requirement.Name != version || requirement.IsWeak) continue;
            var flags = (ushort)(requirement.Flags | VerFlgWeak);
            elf[requirement.FlagsOffset] = (byte)flags;
            elf[requirement.FlagsOffset + 1] = (byte)(flags >> 8);
            changed = true;
        }
        return changed;
    }

    /// <summary>Weakens the requirement in the file, replacing it by rename so hard links are never written through.</summary>
    public static bool WeakenInPlace(string path, string version)
    {
        var elf = File.ReadAllBytes(path);
        if (!MarkWeak(elf, version)) return false;
        var temp = path + ".weakening";
        File.WriteAllBytes(temp, elf);
        File.Delete(path);
        File.Move(temp, path);
        return true;
    }

    /// <summary>The libstdc++.so.6 the dynamic loader would pick: ldconfig's cache, else the usual folders.</summary>
    public static string? FindSystemLibStdCxx()
    {
        foreach (var ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig" })
        {
            if (!File.Exists(ldconfig)) continue;
            try
            {
                var start = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                using var process = Process.Start(start)!;
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                foreach (var line in output.Split('\n'))
                {
                    var trimmed = line.Trim();
                    if (!trimmed.StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) || !trimmed.Contains("x86-64")) continue;
                    var arrow = trimmed.IndexOf("=> ", StringComparison.Ordinal);
                    if (arrow >= 0 && File.Exists(trimmed.Substring(arrow + 3))) return trimmed.Substring(arrow + 3);
                }
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        foreach (var dir in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
        {
            var candidate = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    struct Section
    {
        public Section(uint type, long offset, uint link, uint info) { Type = type; Offset = offset; Link = link; Info = info; }
        public uint Type;
        public long Offset;
        public uint Link;
        public uint Info;
    }

    static IEnumerable<Section> Sections(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
        var count = U16(elf, 0x3C);
        for (int i = 0; i < count; i++) yield return SectionAt(elf, (uint)i);
    }

    static Section SectionAt(byte[] elf, uint index)
    {
        long header = (long)U64(elf, 0x28) + index * U16(elf, 0x3A);
        return new Section(U32(elf, header + 4), (long)U64(elf, header + 0x18), U32(elf, header + 0x28), U32(elf, header + 0x2C));
    }

    static ushort U16(byte[] b, long at) => BitConverter.ToUInt16(b, checked((int)at));
    static uint U32(byte[] b, long at) => BitConverter.ToUInt32(b, checked((int)at));
    static ulong U64(byte[] b, long at) => BitConverter.ToUInt64(b, checked((int)at));

    static string CString(byte[] b, long at)
    {
        var start = checked((int)at);
        var end = Array.IndexOf(b, (byte)0, start);
        return Encoding.ASCII.GetString(b, start, end - start);
    }
}
