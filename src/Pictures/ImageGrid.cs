using SkiaSharp;

namespace Orchestrator.Pictures;

/// <summary>
/// A PNG grid of image samples ([H, W] or [C, H, W] with C = 1 or 3, values in [-1, 1] as the image models
/// use), each pixel drawn as a square block so 8x8 digits are visible. Image models only.
/// </summary>
public static class ImageGrid
{
    /// <summary>True when samples of <paramref name="shape"/> are images this grid can draw.</summary>
    public static bool CanDraw(long[] shape) =>
        shape.Length == 2 || (shape.Length == 3 && shape[0] is 1 or 3);

    public static void Write(string path, IReadOnlyList<float[]> samples, long[] shape, int columns = 8) =>
        File.WriteAllBytes(path, Png(samples, shape, columns));

    /// <summary>The grid as PNG bytes.</summary>
    public static byte[] Png(IReadOnlyList<float[]> samples, long[] shape, int columns = 8)
    {
        if (!CanDraw(shape)) throw new ArgumentException($"samples of shape [{string.Join(", ", shape)}] are not images");
        int channels = shape.Length == 3 ? (int)shape[0] : 1, height = (int)shape[^2], width = (int)shape[^1];
        var scale = Math.Max(1, 64 / Math.Max(height, width));
        const int gap = 2;
        columns = Math.Min(columns, Math.Max(1, samples.Count));
        var rows = (samples.Count + columns - 1) / columns;
        using var bitmap = new SKBitmap(columns * (width * scale + gap) + gap, Math.Max(1, rows) * (height * scale + gap) + gap);
        bitmap.Erase(new SKColor(40, 40, 40));
        for (int n = 0; n < samples.Count; n++)
        {
            int left = gap + n % columns * (width * scale + gap), top = gap + n / columns * (height * scale + gap);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    var color = channels == 1
                        ? Gray(samples[n][y * width + x])
                        : new SKColor(Byte(samples[n][y * width + x]), Byte(samples[n][(height + y) * width + x]), Byte(samples[n][(2 * height + y) * width + x]));
                    for (int dy = 0; dy < scale; dy++)
                        for (int dx = 0; dx < scale; dx++)
                            bitmap.SetPixel(left + x * scale + dx, top + y * scale + dy, color);
                }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    static SKColor Gray(float value)
    {
        var b = Byte(value);
        return new SKColor(b, b, b);
    }

    /// <summary>[-1, 1] to 0..255, clipped.</summary>
    static byte Byte(float value) => (byte)Math.Clamp((value + 1) * 127.5f, 0, 255);
}
