using System.IO.Compression;
using System.Text;

namespace ProbeHarness.Guest;

/// <summary>
/// Writes a gzip-compressed cpio archive in the "newc" format the kernel unpacks as an
/// initramfs. Entries are written in the order given; parents must come before children.
/// Timestamps are zero so the same content gives the same bytes.
/// </summary>
public sealed class Cpio : IDisposable
{
    private readonly Stream _out;
    private readonly GZipStream _gz;
    private int _ino = 1;
    private long _written;

    public Cpio(string path)
    {
        _out = System.IO.File.Create(path);
        _gz = new GZipStream(_out, CompressionLevel.Fastest);
    }

    public void Directory(string path, int mode = 0x1ED) => Entry(path, 0x4000 | mode, []);

    public void File(string path, byte[] content, int mode = 0x1A4) => Entry(path, 0x8000 | mode, content);

    public void Symlink(string path, string target) => Entry(path, 0xA000 | 0x1FF, Encoding.UTF8.GetBytes(target));

    /// <summary>A character device node, e.g. /dev/console (5, 1), so init has a console before devtmpfs.</summary>
    public void CharDevice(string path, int major, int minor, int mode = 0x180) => Entry(path, 0x2000 | mode, [], major, minor);

    private void Entry(string path, int mode, byte[] data, int rdevMajor = 0, int rdevMinor = 0)
    {
        var name = path.TrimStart('/');
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = new StringBuilder("070701");
        foreach (var v in new long[] { _ino++, mode, 0, 0, 1, 0, data.Length, 0, 0, rdevMajor, rdevMinor, nameBytes.Length, 0 })
            header.Append(v.ToString("x8"));
        Write(Encoding.ASCII.GetBytes(header.ToString()));
        Write(nameBytes);
        Pad();
        Write(data);
        Pad();
    }

    private void Write(byte[] b)
    {
        _gz.Write(b);
        _written += b.Length;
    }

    private void Pad()
    {
        while (_written % 4 != 0) Write([0]);
    }

    public void Dispose()
    {
        Entry("TRAILER!!!", 0, []);
        while (_written % 512 != 0) Write([0]);
        _gz.Dispose();
        _out.Dispose();
    }
}
