namespace Orchestrator.Models.Data;

/// <summary>
/// Molecules as SMILES strings, tokenised by character into fixed-length sequences: token 0 is the pad ""
/// that fills the end, tokens 1.. are the characters seen in the data, in ordinal order.
/// </summary>
public sealed record SmilesDataset(long[] Tokens, int Count, int Length, string[] Vocabulary, string Source)
{
    /// <summary>RDKit's NCI sample (Debian rdkit-data, NCI/first_5K.smi), keeping molecules of at most <paramref name="length"/> characters.</summary>
    public static SmilesDataset Nci(int length, TextWriter? log = null)
    {
        var path = DebianData.Locate("rdkit-data", "usr/share/RDKit/Data/NCI/first_5K.smi", log);
        var all = File.ReadLines(path).Select(line => line.Split(['\t', ' '], 2)[0].Trim()).Where(s => s.Length > 0).ToList();
        var kept = all.Where(s => s.Length <= length).ToList();
        var vocabulary = new[] { "" }.Concat(kept.SelectMany(s => s).Distinct().Order().Select(c => c.ToString())).ToArray();
        var index = vocabulary.Select((text, i) => (text, i)).Where(p => p.text.Length == 1).ToDictionary(p => p.text[0], p => (long)p.i);
        var tokens = new long[kept.Count * length];
        for (int n = 0; n < kept.Count; n++)
            for (int l = 0; l < kept[n].Length; l++)
                tokens[n * length + l] = index[kept[n][l]];
        return new SmilesDataset(tokens, kept.Count, length, vocabulary,
            $"RDKit NCI sample (Debian rdkit-data, NCI/first_5K.smi): {kept.Count} of {all.Count} SMILES with at most {length} characters, one token per character");
    }
}
