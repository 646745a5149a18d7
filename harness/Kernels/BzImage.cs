using System.Buffers.Binary;

namespace ProbeHarness.Kernels;

/// <summary>The compressed kernel inside an x86 bzImage, found through its boot protocol header.</summary>
public static class BzImage
{
    // Offsets in the real-mode setup header (the kernel's boot protocol, version 2.08+ for the payload fields).
    private const int SetupSects = 0x1F1;
    private const int HeaderMagic = 0x202;
    private const int Version = 0x206;
    private const int PayloadOffset = 0x248;
    private const int PayloadLength = 0x24C;

    /// <summary>True when the file starts with the setup header (read: its first page only).</summary>
    public static bool Is(string path)
    {
        var head = new byte[HeaderMagic + 4];
        using var f = File.OpenRead(path);
        return f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length
            && BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(HeaderMagic)) == 0x53726448;
    }

    /// <summary>The payload's bytes, or why the image has none the harness can find.</summary>
    public static (ReadOnlyMemory<byte> Payload, string? Error) Payload(byte[] image)
    {
        if (image.Length < PayloadLength + 4 || BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(HeaderMagic)) != 0x53726448)
            return (default, "it is not a bzImage (no HdrS setup header)");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(Version));
        if (version < 0x0208) return (default, $"its boot protocol {version >> 8}.{version & 0xFF} predates payload fields (2.08)");
        var sects = image[SetupSects] == 0 ? 4 : image[SetupSects];
        long start = (sects + 1) * 512L + BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(PayloadOffset));
        long length = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(PayloadLength));
        if (length < 8 || start + length > image.Length)
            return (default, $"its payload ({length} bytes at {start}) lies outside the {image.Length}-byte image");
        return (image.AsMemory((int)start, (int)length), null);
    }
}
