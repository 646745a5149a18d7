using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using ProbeHarness.Guest;

namespace ProbeHarness.Tests.Guest;

public class CpioTests
{
    /// <summary>Reads a gzip newc archive back: (name, mode, data, rdev major, minor) per entry.</summary>
    internal static List<(string Name, int Mode, byte[] Data, int Major, int Minor)> Read(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var ms = new MemoryStream();
        gz.CopyTo(ms);
        var b = ms.ToArray();
        var list = new List<(string, int, byte[], int, int)>();
        var pos = 0;
        while (true)
        {
            var h = Encoding.ASCII.GetString(b, pos, 110);
            Assert.That(h[..6], Is.EqualTo("070701"), $"magic at {pos}");
            int F(int i) => Convert.ToInt32(h.Substring(6 + i * 8, 8), 16);
            var nameLen = F(11);
            var name = Encoding.UTF8.GetString(b, pos + 110, nameLen - 1);
            pos = Align(pos + 110 + nameLen);
            var data = b[pos..(pos + F(6))];
            pos = Align(pos + F(6));
            if (name == "TRAILER!!!") break;
            list.Add((name, F(1), data, F(9), F(10)));
        }
        Assert.That(b.Length % 512, Is.EqualTo(0), "archive padded to 512 bytes");
        return list;

        static int Align(int n) => (n + 3) & ~3;
    }

    [Test]
    public void Entries_round_trip_with_modes_links_and_devices()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cpio-{Guid.NewGuid():N}.gz");
        try
        {
            using (var c = new Cpio(path))
            {
                c.Directory("bin");
                c.File("bin/x", [1, 2, 3, 4, 5], 0x1ED);
                c.Symlink("bin/sh", "x");
                c.CharDevice("dev/console", 5, 1);
            }
            var e = Read(path);
            Assert.That(e.Select(x => x.Name), Is.EqualTo(new[] { "bin", "bin/x", "bin/sh", "dev/console" }));
            Assert.That(e[0].Mode, Is.EqualTo(0x41ED));
            Assert.That(e[1].Data, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
            Assert.That(e[1].Mode, Is.EqualTo(0x81ED));
            Assert.That(Encoding.UTF8.GetString(e[2].Data), Is.EqualTo("x"));
            Assert.That((e[3].Mode & 0xF000, e[3].Major, e[3].Minor), Is.EqualTo((0x2000, 5, 1)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [FsCheck.NUnit.Property(MaxTest = 50)]
    public bool Any_file_content_round_trips(byte[] content)
    {
        content ??= [];
        var path = Path.Combine(Path.GetTempPath(), $"cpio-{Guid.NewGuid():N}.gz");
        try
        {
            using (var c = new Cpio(path)) c.File("f", content);
            return Read(path).Single().Data.SequenceEqual(content);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
