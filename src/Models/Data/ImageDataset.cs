using System.IO.Compression;
using static TorchSharp.torch;

namespace Orchestrator.Models.Data;

/// <summary>Labelled images in model space: pixels mapped linearly onto [-1, 1], float32 [M, 1, H, W], labels int64 [M].</summary>
public sealed record ImageDataset(float[] Pixels, long[] Labels, long[] Shape, string[] Classes, string Source)
{
    public int Count => Labels.Length;

    public int PixelsPerImage => (int)Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Images whose index satisfies <paramref name="keep"/> (e.g. even ones for one classifier, odd for the other).</summary>
    public ImageDataset Where(Func<int, bool> keep)
    {
        var rows = Enumerable.Range(0, Count).Where(keep).ToArray();
        var pixels = rows.SelectMany(i => Pixels.AsSpan(i * PixelsPerImage, PixelsPerImage).ToArray()).ToArray();
        return this with { Pixels = pixels, Labels = rows.Select(i => Labels[i]).ToArray() };
    }

    public Tensor ImagesTensor() => tensor(Pixels, [Count, .. Shape]);

    public Tensor LabelsTensor() => tensor(Labels);

    /// <summary>scikit-learn's 1,797 8x8 digits (values 0..16), from Debian's python3-sklearn.</summary>
    public static ImageDataset Digits(TextWriter? log = null)
    {
        var path = DebianData.Locate("python3-sklearn", "usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz", log);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var pixels = new List<float>();
        var labels = new List<long>();
        while (reader.ReadLine() is { } line)
        {
            var values = line.Split(',');
            if (values.Length != 65) continue;
            pixels.AddRange(values.Take(64).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture) / 8f - 1f));
            labels.Add(long.Parse(values[64], System.Globalization.CultureInfo.InvariantCulture));
        }
        return new ImageDataset(pixels.ToArray(), labels.ToArray(), [1, 8, 8], Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray(),
            "scikit-learn digits (Debian python3-sklearn, sklearn/datasets/data/digits.csv.gz): 1,797 8x8 images, values 0..16 mapped to [-1, 1]");
    }

    static readonly string[] FashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Fashion-MNIST's 60,000 training (or 10,000 test) 28x28 images, from Debian's dataset-fashion-mnist.</summary>
    public static ImageDataset Fashion(bool test = false, TextWriter? log = null)
    {
        var prefix = test ? "t10k" : "train";
        var images = ReadIdx(DebianData.Locate("dataset-fashion-mnist", $"usr/share/datasets/fashion-mnist/{prefix}-images-idx3-ubyte.gz", log));
        var labels = ReadIdx(DebianData.Locate("dataset-fashion-mnist", $"usr/share/datasets/fashion-mnist/{prefix}-labels-idx1-ubyte.gz", log));
        return new ImageDataset(images.Select(b => b / 127.5f - 1f).ToArray(), labels.Select(b => (long)b).ToArray(), [1, 28, 28], FashionClasses,
            $"Fashion-MNIST {prefix} set (Debian dataset-fashion-mnist, IDX): 28x28 images, values 0..255 mapped to [-1, 1]");
    }

    /// <summary>The data bytes of a gzipped IDX file (magic, dimension sizes, then unsigned bytes).</summary>
    static byte[] ReadIdx(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        var dimensions = bytes[3];
        return bytes[(4 + 4 * dimensions)..];
    }
}
